//! Reads the mount element's attributes into the core's typed configuration,
//! reporting anything malformed in the console.

use role_quiz_core::config::{ConfigWarning, WidgetConfig};
use web_sys::Element;

/// The configuration of the widget mounted on `element`.
pub fn read_config(element: &Element) -> WidgetConfig {
    read_with(element, |pairs| WidgetConfig::from_attributes(pairs))
}

/// The configuration the start module needs: the later screens' settings
/// ([`role_quiz_core::config::LATER_SETTINGS`]) keep their defaults,
/// unchecked, until the full module runs [`report_later_settings`].
pub fn read_start_config(element: &Element) -> WidgetConfig {
    read_with(element, |pairs| WidgetConfig::from_start_attributes(pairs))
}

/// Reports what is malformed in the later screens' settings, as
/// [`read_config`] would have.
pub fn report_later_settings(element: &Element) {
    let pairs = attribute_pairs(element);
    report(WidgetConfig::later_warnings(
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    ));
}

fn read_with(
    element: &Element,
    parse: impl FnOnce(Vec<(&str, &str)>) -> (WidgetConfig, Vec<ConfigWarning>),
) -> WidgetConfig {
    let pairs = attribute_pairs(element);
    let (config, warnings) = parse(
        pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    );
    report(warnings);
    config
}

fn attribute_pairs(element: &Element) -> Vec<(String, String)> {
    let attributes = element.attributes();
    (0..attributes.length())
        .filter_map(|n| attributes.item(n))
        .map(|a| (a.name(), a.value()))
        .collect()
}

fn report(warnings: Vec<ConfigWarning>) {
    for warning in warnings {
        web_sys::console::warn_1(&warning.to_string().into());
    }
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
