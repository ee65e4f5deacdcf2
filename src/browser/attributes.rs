//! Reads the mount element's attributes into the core's typed configuration,
//! reporting anything malformed in the console.

use role_quiz_core::config::WidgetConfig;
use web_sys::Element;

/// The configuration of the widget mounted on `element`.
pub fn read_config(element: &Element) -> WidgetConfig {
    let attributes = element.attributes();
    let pairs: Vec<(String, String)> = (0..attributes.length())
        .filter_map(|n| attributes.item(n))
        .map(|a| (a.name(), a.value()))
        .collect();
    let (config, warnings) =
        WidgetConfig::from_attributes(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    for warning in warnings {
        web_sys::console::warn_1(&warning.to_string().into());
    }
    config
}

/// The name this instance stores its progress under: its `id`, so two
/// widgets on one page keep separate progress.
pub fn instance_key(element: &Element) -> String {
    let id = element.id();
    if id.trim().is_empty() {
        "default".into()
    } else {
        id
    }
}
