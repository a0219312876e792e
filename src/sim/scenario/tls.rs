//! The scenario fields for encryption: the `tls` block and `encryption_at_rest`, and the
//! arguments of the timeline's `set-tls` (the `tls` block's fields; those left out take their
//! defaults, not the settings in force), `place-tap` (`link`: `outer`, `inner`, or `null` to take
//! the eavesdropper away), `set-encryption-at-rest` and `destroy-at-rest-key`:
//!
//! ```json
//! "tls": {"mode": "edge", "version": "1.3", "resumption": true, "keepalive_s": 5,
//!         "handshake_cpu_ms": 1.0, "resumed_cpu_ms": 0.1, "record_cpu_ms": 0.02},
//! "encryption_at_rest": true
//! ```

use serde::Deserialize;
use serde_json::Value;

use super::ScenarioError;
use crate::sim::config::in_range;
use crate::sim::security::{Tap, TlsConfig, TlsMode, TlsVersion};
use crate::sim::time::{from_ms, from_secs, to_ms, to_secs};

/// The `tls` block, and the arguments of `set-tls`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TlsFile {
    mode: Option<ModeArg>,
    /// `"1.2"` or `"1.3"` (the numbers 1.2 and 1.3 are taken too).
    version: Option<Value>,
    resumption: Option<bool>,
    keepalive_s: Option<f64>,
    handshake_cpu_ms: Option<f64>,
    resumed_cpu_ms: Option<f64>,
    record_cpu_ms: Option<f64>,
}

/// A TLS mode as scenario files spell it.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum ModeArg {
    Off,
    Edge,
    EndToEnd,
}

/// The arguments of `place-tap`: the link the eavesdropper listens on, or none.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TapArg {
    link: Option<LinkArg>,
}

/// A link as scenario files spell it.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum LinkArg {
    /// Clients → edge.
    Outer,
    /// Balancer → server.
    Inner,
}

impl TapArg {
    /// Where the eavesdropper listens: `None` takes it away.
    pub(super) fn tap(&self) -> Option<Tap> {
        self.link.map(|link| match link {
            LinkArg::Outer => Tap::Outer,
            LinkArg::Inner => Tap::Inner,
        })
    }
}

/// The arguments of `set-encryption-at-rest`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OnArg {
    pub(super) on: bool,
}

/// TLS settings from `file`, the fields named under `path` (such as `tls` or
/// `timeline[2]`) in errors.
pub(super) fn tls(file: TlsFile, path: &str) -> Result<TlsConfig, ScenarioError> {
    let range = |field: &str, value: f64, max: f64| {
        in_range(value, 0.0, max)
            .map_err(|message| ScenarioError { path: format!("{path}.{field}"), message })
    };
    let mut tls = TlsConfig::default();
    if let Some(mode) = file.mode {
        tls.mode = match mode {
            ModeArg::Off => TlsMode::Off,
            ModeArg::Edge => TlsMode::Edge,
            ModeArg::EndToEnd => TlsMode::EndToEnd,
        };
    }
    if let Some(version) = file.version {
        let text = match &version {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        tls.version = match text.as_str() {
            "1.2" => TlsVersion::V1_2,
            "1.3" => TlsVersion::V1_3,
            _ => {
                return Err(ScenarioError {
                    path: format!("{path}.version"),
                    message: format!("must be \"1.2\" or \"1.3\", got {version}"),
                })
            }
        };
    }
    tls.resumption = file.resumption.unwrap_or(tls.resumption);
    if let Some(s) = file.keepalive_s {
        tls.keepalive = from_secs(range("keepalive_s", s, to_secs(TlsConfig::MAX_KEEPALIVE))?);
    }
    let max_ms = to_ms(TlsConfig::MAX_CPU);
    if let Some(ms) = file.handshake_cpu_ms {
        tls.handshake_cpu = from_ms(range("handshake_cpu_ms", ms, max_ms)?);
    }
    if let Some(ms) = file.resumed_cpu_ms {
        tls.resumed_cpu = from_ms(range("resumed_cpu_ms", ms, max_ms)?);
    }
    if let Some(ms) = file.record_cpu_ms {
        tls.record_cpu = from_ms(range("record_cpu_ms", ms, max_ms)?);
    }
    Ok(tls)
}
