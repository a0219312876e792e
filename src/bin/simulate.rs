//! The headless runner: runs a scenario on the same engine as the playground and prints its
//! metrics as JSON.
//!
//! Usage: `simulate SCENARIO.json [--seconds N] [--seed S] [--pretty]`

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ds_playground::sim::report::run_with_progress;
use ds_playground::sim::scenario;
use ds_playground::sim::time::{from_secs, Micros};

const USAGE: &str = "usage: simulate SCENARIO.json [--seconds N] [--seed S] [--pretty]
  --seconds N  simulated seconds to run (default 60, at most 86400)
  --seed S     overrides the scenario's seed (a whole number)
  --pretty     indents the JSON";

struct Args {
    path: String,
    seconds: f64,
    seed: Option<u64>,
    pretty: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut path, mut seconds, mut seed, mut pretty) = (None, 60.0, None, false);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--seconds" => {
                let v = value("--seconds")?;
                seconds = v
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
                    .ok_or_else(|| {
                        format!("--seconds must be a number above 0 and at most 86400, got {v:?}")
                    })?;
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = Some(v.parse().map_err(|_| format!("--seed must be a whole number, got {v:?}"))?);
            }
            "--pretty" => pretty = true,
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            file if path.is_none() => path = Some(file.to_string()),
            extra => return Err(format!("unexpected argument {extra:?}")),
        }
    }
    let path = path.ok_or("missing the scenario file")?;
    Ok(Args { path, seconds, seed, pretty })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("simulate: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&args.path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("simulate: cannot read {}: {e}", args.path);
            return ExitCode::from(2);
        }
    };
    let mut scenario = match scenario::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("simulate: {}: {e}", args.path);
            return ExitCode::from(2);
        }
    };
    if let Some(seed) = args.seed {
        scenario.config.seed = seed;
    }
    let duration = from_secs(args.seconds);
    let mut progress = Progress::new(duration);
    let report = run_with_progress(&scenario, duration, |now| progress.show(now));
    progress.finish();
    for refusal in &report.refused {
        eprintln!("simulate: refused {refusal}");
    }
    let json =
        if args.pretty { serde_json::to_string_pretty(&report) } else { serde_json::to_string(&report) };
    println!("{}", json.expect("reports always serialize"));
    ExitCode::SUCCESS
}

/// How far a run has got, shown on standard error when it is a terminal and the run has taken
/// more than a second of wall time (a percentage, redrawn at most five times a second).
struct Progress {
    duration: Micros,
    started: Instant,
    shown: Option<Instant>,
    terminal: bool,
}

impl Progress {
    fn new(duration: Micros) -> Self {
        Progress { duration, started: Instant::now(), shown: None, terminal: std::io::stderr().is_terminal() }
    }

    /// Redraws the line for simulated time `now`, when it is time to.
    fn show(&mut self, now: Micros) {
        let due =
            self.shown.map_or(self.started + Duration::from_secs(1), |at| at + Duration::from_millis(200));
        if !self.terminal || Instant::now() < due {
            return;
        }
        self.shown = Some(Instant::now());
        let percent = now.saturating_mul(100) / self.duration.max(1);
        eprint!(
            "\rsimulate: {percent:3}% ({} of {} simulated s)",
            now / 1_000_000,
            self.duration / 1_000_000
        );
        let _ = std::io::stderr().flush();
    }

    /// Clears the line, if one was drawn.
    fn finish(&self) {
        if self.shown.is_some() {
            eprint!("\r{:60}\r", "");
        }
    }
}
