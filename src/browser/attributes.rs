//! Reads the mount element's attributes into the core's typed configuration.
//! The full module reports anything malformed in the console; the start
//! module reads silently, and leaves the report to the full module once it
//! has loaded ([`report_settings`]).

use role_quiz_core::config::WidgetConfig;
use web_sys::Element;

/// The configuration of the widget mounted on `element`; what is malformed
/// is reported in the console when `report` is set.
pub fn read_config(element: &Element, report: bool) -> WidgetConfig {
    let pairs = attribute_pairs(element);
    let (config, warnings) =
        WidgetConfig::from_attributes(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    if report {
        for warning in warnings {
            web_sys::console::warn_1(&warning.to_string().into());
        }
    }
    config
}

/// The configuration the start module needs, read silently: the later
/// screens' settings ([`role_quiz_core::config::LATER_SETTINGS`]) keep
/// their defaults, and nothing is reported until the full module runs
/// [`report_settings`].
pub fn read_start_config(element: &Element) -> WidgetConfig {
    let pairs = attribute_pairs(element);
    WidgetConfig::from_start_attributes(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
}

/// Reports what is malformed in any of the settings, as [`read_config`]
/// does.
pub fn report_settings(element: &Element) {
    read_config(element, true);
}

fn attribute_pairs(element: &Element) -> Vec<(String, String)> {
    let attributes = element.attributes();
    (0..attributes.length())
        .filter_map(|n| attributes.item(n))
        .map(|a| (a.name(), a.value()))
        .collect()
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
