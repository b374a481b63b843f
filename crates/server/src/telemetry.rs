//! Log output: human-readable text or one JSON object per line, filtered by `LATIH_LOG`.

use tracing_subscriber::EnvFilter;

use crate::settings::{LogFormat, Settings};

/// Installs the global subscriber; a bad filter falls back to `info` with a warning.
pub fn init(settings: &Settings) {
    let (filter, bad_filter) = match EnvFilter::try_new(&settings.log) {
        Ok(filter) => (filter, None),
        Err(error) => (EnvFilter::new("info"), Some(error)),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let installed = match settings.log_format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    if installed.is_err() {
        return;
    }
    if let Some(error) = bad_filter {
        tracing::warn!(%error, filter = %settings.log, "LATIH_LOG is not a valid filter; using info");
    }
}
