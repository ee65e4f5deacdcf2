//! Saved progress in `localStorage`, one entry per widget instance.
//!
//! Storage can be missing (privacy settings, sandboxed frames) or full; every
//! call here degrades to "not stored" instead of failing, and says so.

use web_sys::Storage;

/// Where one instance keeps its progress.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressStore {
    key: String,
}

/// What loading found.
pub enum Loaded {
    Nothing,
    Saved(String),
    /// The browser refuses storage; nothing will survive a reload.
    Unavailable,
}

impl ProgressStore {
    pub fn new(instance: &str) -> Self {
        ProgressStore {
            key: format!("role-quiz:progress:{instance}"),
        }
    }

    /// The raw storage: progress is one plain line, not JSON, so gloo's typed
    /// get and set (which store JSON) would change what earlier visits saved.
    fn storage() -> Option<Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn load(&self) -> Loaded {
        match Self::storage().filter(is_writable) {
            None => Loaded::Unavailable,
            Some(s) => match s.get_item(&self.key) {
                Ok(Some(line)) => Loaded::Saved(line),
                Ok(None) => Loaded::Nothing,
                Err(_) => Loaded::Unavailable,
            },
        }
    }

    /// Saves a line; returns false when the browser refused it.
    pub fn save(&self, line: &str) -> bool {
        Self::storage().is_some_and(|s| s.set_item(&self.key, line).is_ok())
    }

    pub fn clear(&self) {
        if let Some(s) = Self::storage() {
            let _ = s.remove_item(&self.key);
        }
    }
}

/// Whether the browser accepts a write: some privacy modes let pages read
/// storage but refuse every write.
fn is_writable(storage: &Storage) -> bool {
    const PROBE: &str = "role-quiz:probe";
    let ok = storage.set_item(PROBE, "1").is_ok();
    let _ = storage.remove_item(PROBE);
    ok
}
