//! The scenario fields for encryption: the `tls` block, also the arguments of the timeline's
//! `set-tls` (those left out take their defaults, not the settings in force), read and
//! written:
//!
//! ```json
//! "tls": {"mode": "edge", "version": "1.3", "resumption": true, "keepalive_s": 5,
//!         "handshake_cpu_ms": 1.0, "resumed_cpu_ms": 0.1, "record_cpu_ms": 0.02},
//! "encryption_at_rest": true
//! ```

use super::fields::{Fields, Out};
use crate::sim::security::{TlsConfig, TlsMode, TlsVersion};
use crate::sim::time::{to_ms, to_secs};

/// The fields of the `tls` block and of `set-tls`.
pub(super) const FIELDS: [&str; 7] =
    ["mode", "version", "resumption", "keepalive_s", "handshake_cpu_ms", "resumed_cpu_ms", "record_cpu_ms"];

/// TLS settings from the fields `f`.
pub(super) fn tls(f: &Fields) -> TlsConfig {
    let mode = TlsMode::ALL[f.choice("mode", &TlsMode::ALL.map(TlsMode::slug), 0)];
    let mut tls = TlsConfig { mode, ..TlsConfig::default() };
    if let Some(version) = f.get("version") {
        // "1.2" or "1.3"; the numbers 1.2 and 1.3 are taken too.
        let text = match version.as_f64() {
            Some(x) => crate::format::number(x),
            None => version.as_str().unwrap_or_default().to_string(),
        };
        match TlsVersion::ALL.into_iter().find(|v| v.slug() == text) {
            Some(v) => tls.version = v,
            None => f.fail("version", format!("must be \"1.2\" or \"1.3\", got {version}")),
        }
    }
    tls.resumption = f.bool("resumption", tls.resumption);
    tls.keepalive = f.secs("keepalive_s", 0.0, to_secs(TlsConfig::MAX_KEEPALIVE), tls.keepalive);
    let max_ms = to_ms(TlsConfig::MAX_CPU);
    tls.handshake_cpu = f.ms("handshake_cpu_ms", 0.0, max_ms, tls.handshake_cpu);
    tls.resumed_cpu = f.ms("resumed_cpu_ms", 0.0, max_ms, tls.resumed_cpu);
    tls.record_cpu = f.ms("record_cpu_ms", 0.0, max_ms, tls.record_cpu);
    tls
}

/// The fields of `tls` that differ from the defaults.
pub(super) fn tls_json(tls: &TlsConfig) -> Out {
    let (d, mut out) = (TlsConfig::default(), Out::default());
    out.str("mode", tls.mode.slug(), d.mode.slug());
    out.str("version", tls.version.slug(), d.version.slug());
    out.bool("resumption", tls.resumption, d.resumption);
    out.secs("keepalive_s", tls.keepalive, d.keepalive);
    out.ms("handshake_cpu_ms", tls.handshake_cpu, d.handshake_cpu);
    out.ms("resumed_cpu_ms", tls.resumed_cpu, d.resumed_cpu);
    out.ms("record_cpu_ms", tls.record_cpu, d.record_cpu);
    out
}
