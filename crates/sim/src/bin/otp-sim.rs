//! `otp-sim`: runs a scenario file and prints its trace as JSON lines.
//!
//! ```text
//! otp-sim run SCENARIO.json [--ms N] [--summary] [--lifecycle] [--golden]
//! otp-sim check SCENARIO.json...
//! otp-sim elixir SCENARIO.json
//! ```

use otp_sim::{Scenario, Sim, TraceLevel};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:
  otp-sim run SCENARIO.json [--ms N] [--summary] [--lifecycle | --full] [--golden]
      Runs the scenario for N ms of virtual time (default: its duration_ms) and prints
      the trace as JSON lines. --summary prints a short human summary instead (to stdout).
      --lifecycle leaves out per-message events (send, deliver, receive, dropped).
      Above 10,000 processes the trace is bounded (the first 500,000 message events);
      --full records them all.
      --golden prints the conformance projection used by the real-OTP tests.
  otp-sim check SCENARIO.json...
      Validates scenario files; exits 1 if any is invalid.
  otp-sim verify SCENARIO.json [--ms N]
      Determinism check: runs the scenario twice, and once more through a snapshot taken
      half-way and restored; reports the first event where any run diverges.
  otp-sim elixir SCENARIO.json
      Prints the scenario's supervision tree as Elixir code (run it with `elixir FILE.exs`).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("check") => check(&args[1..]),
        Some("verify") => verify(&args[1..]),
        Some("elixir") => elixir(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &str) -> Result<Scenario, String> {
    // A file over the limit is refused from its size, before any of it is read.
    let limit = otp_sim::scenario::limits::MAX_JSON_BYTES;
    if let Ok(m) = std::fs::metadata(path)
        && m.len() > limit as u64
    {
        return Err(format!(
            "{path}: invalid scenario:\n  - scenario is {} bytes; the limit is {limit} bytes",
            m.len()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    Scenario::from_json(&text).map_err(|errs| {
        let mut msg = format!("{path}: invalid scenario:");
        for e in errs {
            msg.push_str(&format!("\n  - {e}"));
        }
        msg
    })
}

fn elixir(args: &[String]) -> ExitCode {
    let [path] = args else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match load(path) {
        Ok(s) => {
            print!("{}", otp_sim::elixir::export(&s));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn check(paths: &[String]) -> ExitCode {
    if paths.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for p in paths {
        match load(p) {
            Ok(s) => println!(
                "{p}: ok ({} processes at start, {} faults)",
                s.tree.process_count(),
                s.faults.len()
            ),
            Err(e) => {
                eprintln!("{e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut path = None;
    let (mut ms, mut summary, mut lifecycle, mut golden) = (None, false, false, false);
    let mut full = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--summary" => summary = true,
            "--lifecycle" => lifecycle = true,
            "--full" => full = true,
            "--golden" => golden = true,
            "--ms" => match it.next().and_then(|v| v.parse::<u64>().ok()) {
                Some(v) if v <= otp_sim::scenario::limits::MAX_TIME_MS => ms = Some(v),
                _ => {
                    eprintln!(
                        "--ms needs a number of milliseconds up to {}",
                        otp_sim::scenario::limits::MAX_TIME_MS
                    );
                    return ExitCode::from(2);
                }
            },
            other if path.is_none() && !other.starts_with("--") => path = Some(other.to_string()),
            other => {
                eprintln!("unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let scenario = match load(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // As the app: a full trace, or a bounded one for a scenario of more than
    // AUTO_BOUNDED_PROCESSES processes (docs/trace-format.md), unless --full.
    let level = if lifecycle {
        TraceLevel::Lifecycle
    } else if full {
        TraceLevel::Full
    } else {
        TraceLevel::for_processes(scenario.process_count())
    };
    let until = ms.unwrap_or(scenario.duration_ms) * 1000;
    // The run shares the scenario rather than copying it (a copy of 100,000 specs).
    let mut sim = Sim::shared_with_trace(std::rc::Rc::new(scenario), level);
    sim.run_until(until);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = if golden {
        otp_sim::golden::golden_lines(&sim)
            .iter()
            .try_for_each(|l| writeln!(out, "{l}"))
    } else if summary {
        write!(out, "{}", summary_text(&sim))
    } else {
        out.write_all(sim.trace().to_json_lines().as_bytes())
    };
    // The process ends here: freeing a 100,000-process world piece by piece would take
    // a tenth of the run (measured), and the OS takes the memory back at once anyway.
    std::mem::forget(sim);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("write error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn verify(args: &[String]) -> ExitCode {
    let (path, ms) = match args {
        [p] => (p, None),
        [p, flag, v] if flag == "--ms" => (
            p,
            v.parse::<u64>()
                .ok()
                .filter(|v| *v <= otp_sim::scenario::limits::MAX_TIME_MS),
        ),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let scenario = match load(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let until = ms.unwrap_or(scenario.duration_ms) * 1000;
    let run = || {
        let mut sim = Sim::new(&scenario);
        sim.run_until(until);
        sim.trace().to_json_lines()
    };
    let first = run();
    let second = run();
    let mut sim = Sim::new(&scenario);
    sim.run_until(until / 2);
    let snap = sim.snapshot();
    sim.run_until(until);
    sim.restore(&snap);
    sim.run_until(until);
    let restored = sim.trace().to_json_lines();
    let mut ok = true;
    for (label, other) in [
        ("second run", &second),
        ("snapshot restored at half-time", &restored),
    ] {
        if let Some((i, (a, b))) = first
            .lines()
            .zip(other.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            println!("DIVERGED ({label}) at event {i}:\n  first: {a}\n  other: {b}");
            ok = false;
        } else if first.lines().count() != other.lines().count() {
            println!(
                "DIVERGED ({label}): {} events against {}",
                first.lines().count(),
                other.lines().count()
            );
            ok = false;
        }
    }
    if ok {
        println!(
            "deterministic: {} events identical across 3 runs",
            first.lines().count()
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn summary_text(sim: &Sim) -> String {
    use otp_sim::Event;
    let s = sim.stats();
    let mut out = format!(
        "{}\nvirtual time: {} ms, events: {}, trace entries: {}\nprocesses alive: {}, spawned: {}, exits: {}, restarts: {}\nmessages sent: {}, received: {}, dropped: {}\n",
        sim.scenario().name,
        sim.now() / 1000,
        s.events,
        sim.trace().len(),
        sim.processes().count(),
        s.spawned,
        s.exits,
        s.restarts,
        s.sent,
        s.received,
        s.dropped
    );
    for e in sim.trace().iter() {
        let line = match &e.kind {
            Event::ChildTerminated { id, reason, .. } => format!("child_terminated {id}: {reason}"),
            Event::ReachedMaxRestartIntensity { id, .. } => {
                format!("reached_max_restart_intensity (last: {id})")
            }
            Event::ShutdownError { id, reason, .. } => format!("shutdown_error {id}: {reason}"),
            Event::Fault { target, action, .. } => format!("fault {action} -> {target}"),
            _ => continue,
        };
        out.push_str(&format!("  {:>10.3} ms  {line}\n", e.t as f64 / 1000.0));
    }
    let root = match sim.root() {
        Some(p) => format!("root supervisor alive as {p}\n"),
        None => "root supervisor is not running\n".to_string(),
    };
    out.push_str(&root);
    out
}
