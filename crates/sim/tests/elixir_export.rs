//! The Elixir export (`otp_sim::elixir`). Without Elixir: a snapshot of one small scenario's
//! code, determinism, and the CLI. With `elixir` on PATH (CI installs it): every built-in
//! scenario, every lesson scenario and the fixtures in `tests/elixir/` are exported, run
//! under real Elixir/OTP with `PLAYGROUND_TREE=1` (the script starts its tree, prints it one
//! line per process from `Supervisor.which_children/1`, `:supervisor.get_childspec/2`,
//! `:sys.get_state/1` and `Process.info/2`, and exits), and the printed tree must equal the
//! tree the simulator starts, rendered the same way from `Sim::tree()`; and the code must
//! be exactly what `Code.format_string!/1` (`mix format`) makes of it.

use otp_sim::scenario::Restart;
use otp_sim::{ChildSpec, NodeKind, Scenario, Sim, TreeNode};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/elixir")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Every built-in scenario, every lesson scenario, every gallery scenario, and the fixtures.
fn all_scenarios() -> Vec<(String, Scenario)> {
    let mut files = json_files(&repo().join("scenarios"));
    files.extend(json_files(&repo().join("lessons/scenarios")));
    files.extend(json_files(&repo().join("gallery/scenarios")));
    files.extend(json_files(&fixtures()));
    assert!(files.len() >= 10, "expected the scenario directories");
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
            let name = p.strip_prefix(repo()).unwrap_or(p).display().to_string();
            (name, s)
        })
        .collect()
}

#[test]
fn snapshot_of_a_small_scenario() {
    let json = fixtures().join("snapshot.json");
    let s = Scenario::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let got = otp_sim::elixir::export(&s);
    let path = fixtures().join("snapshot.exs");
    if std::env::var_os("UPDATE_ELIXIR_SNAPSHOT").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "the export of tests/elixir/snapshot.json differs from tests/elixir/snapshot.exs at line {}:\n  got:  {:?}\n  want: {:?}\nIf the change is intended: UPDATE_ELIXIR_SNAPSHOT=1 cargo test -p otp-sim --test elixir_export",
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

#[test]
fn export_is_deterministic_and_covers_every_child() {
    for (name, s) in all_scenarios() {
        let code = otp_sim::elixir::export(&s);
        assert_eq!(code, otp_sim::elixir::export(&s.clone()), "{name}");
        assert!(code.ends_with("end\n"), "{name}");
        let mut specs = Vec::new();
        walk(&s.tree, &mut |c| specs.push(c.clone()));
        for spec in &specs {
            let id = format!("id: {},", otp_sim::elixir::atom(spec.id()));
            if uses_pool(spec) {
                // Left out, and said in the header (poolboy is a hex package).
                assert!(!code.contains(&id), "{name}: `{id}` exported");
                assert!(code.contains("# - The poolboy pool `"), "{name}");
                continue;
            }
            assert!(code.contains(&id), "{name}: no child spec `{id}`");
        }
        // Task.Supervisor is Elixir's own: no module.
        let sups = specs
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    ChildSpec::Supervisor(_) | ChildSpec::DynamicSupervisor(_)
                )
            })
            .count();
        let modules = code
            .lines()
            .filter(|l| l.starts_with("defmodule "))
            .collect::<Vec<_>>();
        let unique: std::collections::BTreeSet<_> = modules.iter().collect();
        assert_eq!(
            unique.len(),
            modules.len(),
            "{name}: a module is defined twice"
        );
        let sup_modules = code
            .lines()
            .filter(|l| l.contains("use Supervisor") || l.contains("use DynamicSupervisor"))
            .count();
        assert!(
            sup_modules >= sups,
            "{name}: {sup_modules} supervisor modules for {sups}"
        );
    }
}

#[test]
fn module_names_are_valid_aliases_and_collisions_are_resolved() {
    let s =
        Scenario::from_json(&std::fs::read_to_string(fixtures().join("features.json")).unwrap())
            .unwrap();
    let code = otp_sim::elixir::export(&s);
    for module in [
        "Playground.Root",
        "Playground.AB",         // a_b
        "Playground.ABSup",      // aB: AB was taken
        "Playground.ServerSup",  // server: Playground.Server is the server behaviour
        "Playground.Sup1stPool", // 1st_pool: an alias cannot start with a digit
        "Playground.LateSup",    // from a start_child fault
    ] {
        assert!(
            code.contains(&format!("defmodule {module} do")),
            "no module {module}"
        );
    }
    assert_eq!(otp_sim::elixir::atom("Cache"), "Cache");
    assert_eq!(otp_sim::elixir::atom("My.Cache"), "My.Cache");
    assert_eq!(otp_sim::elixir::atom("cache"), ":cache");
    assert_eq!(otp_sim::elixir::atom("1st"), ":\"1st\"");
    assert_eq!(otp_sim::elixir::atom("a.b"), ":\"a.b\"");
    assert_eq!(otp_sim::elixir::atom("nil"), "nil");
    // Names every Elixir node has registered already are moved aside, others kept.
    assert_eq!(otp_sim::elixir::registered_name("Cache"), "Cache");
    assert_eq!(
        otp_sim::elixir::registered_name("Logger"),
        "Playground.Logger"
    );
    assert_eq!(otp_sim::elixir::registered_name("user"), "playground_user");
    assert_eq!(otp_sim::elixir::table_name("counts"), "counts");
    assert_eq!(otp_sim::elixir::table_name("logger"), "playground_logger");
}

/// `significant` and `auto_shutdown` are left out of the export, and its header says why:
/// Elixir 1.14's helpers refuse them. With `elixir` on PATH the reason is checked too, so
/// that an Elixir that accepts them shows up here (the export should then write them).
#[test]
fn significant_children_are_left_out_with_a_note_saying_why() {
    let path = repo().join("lessons/scenarios/auto_shutdown_significant.json");
    let s = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let code = otp_sim::elixir::export(&s);
    let header: String = code
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        header.contains("`significant` of `")
            && header.contains(
                "Elixir 1.14's `Supervisor.init/2` drops `:auto_shutdown`, `Supervisor.child_spec/2` rejects `:significant`"
            ),
        "no note on significant / auto_shutdown:\n{header}"
    );
    let code_lines: Vec<&str> = code
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    assert!(
        code_lines
            .iter()
            .all(|l| !l.contains("significant:") && !l.contains("auto_shutdown:")),
        "the code passes significant or auto_shutdown"
    );
    if skip_without_elixir("significant_children_are_left_out_with_a_note_saying_why") {
        return;
    }
    let out = Command::new("elixir")
        .arg("-e")
        .arg(
            r#"
            try do
              Supervisor.child_spec(%{id: :a, start: {Agent, :start_link, [fn -> 0 end]}}, significant: true)
              IO.puts("child_spec accepts :significant")
            rescue
              ArgumentError -> IO.puts("child_spec refuses :significant")
            end
            {:ok, {flags, []}} = Supervisor.init([], strategy: :one_for_one, auto_shutdown: :any_significant)
            IO.puts(if Map.has_key?(flags, :auto_shutdown), do: "init keeps :auto_shutdown", else: "init drops :auto_shutdown")
            "#,
        )
        .output()
        .expect("run elixir");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "child_spec refuses :significant\ninit drops :auto_shutdown\n",
        "the installed Elixir takes significant / auto_shutdown: export them"
    );
}

#[test]
fn cli_prints_the_export() {
    let json = fixtures().join("snapshot.json");
    let out = Command::new(env!("CARGO_BIN_EXE_otp-sim"))
        .arg("elixir")
        .arg(&json)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = Scenario::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        otp_sim::elixir::export(&s)
    );
}

fn walk(spec: &ChildSpec, f: &mut impl FnMut(&ChildSpec)) {
    f(spec);
    for c in spec.children() {
        walk(c, f);
    }
}

// ---------------------------------------------------------------------------------------
// Under real Elixir.

fn elixir_available() -> bool {
    Command::new("elixir")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Skips (with a printed note) when `elixir` is not on PATH.
fn skip_without_elixir(test: &str) -> bool {
    if elixir_available() {
        return false;
    }
    // Straight to stderr: the test harness captures println!/eprintln! of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "NOTE: {test} skipped: `elixir` is not on PATH (scripts/install.sh test installs it; Debian: apt-get install elixir)"
    );
    true
}

/// The scenario's atoms as Elixir's `inspect/1` prints them. Written apart from the
/// generator's `atom/1`: a name `"Cache"` is the alias `Cache`, `"cache"` is `:cache`.
fn inspect_atom(a: &str) -> String {
    let alias = a.split('.').all(|p| {
        p.starts_with(|c: char| c.is_ascii_uppercase())
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    let plain = a.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if alias || matches!(a, "true" | "false" | "nil") {
        a.to_string()
    } else if plain {
        format!(":{a}")
    } else {
        format!(":{a:?}")
    }
}

/// The tree the simulator starts (faults left out: they are not part of the start; the
/// persistent_term puts at 0 ms stay, as the export runs them first), in
/// the lines the generated script prints.
fn sim_tree_lines(s: &Scenario) -> Vec<String> {
    let mut quiet = s.clone();
    // Except the persistent terms stored at 0 ms: the export stores them before the tree.
    quiet
        .faults
        .retain(|f| f.at_ms == 0 && matches!(f.action, otp_sim::Command::PersistentTermPut { .. }));
    // A PartitionSupervisor's partitions are its children in the tree.
    quiet.resolve_partitions();
    let mut specs = Vec::new();
    walk(&quiet.tree, &mut |c| specs.push(c.clone()));
    let init_us: u64 = specs
        .iter()
        .map(|c| match c {
            ChildSpec::Worker(w) => w.init_us,
            _ => 0,
        })
        .sum();
    // Starts are sequential: every init plus a generous 100 µs of messages per process.
    let mut sim = Sim::new(&quiet);
    sim.run_until(1_000 + init_us + 100 * specs.len() as u64);
    let tree = sim.tree();
    let mut lines = Vec::new();
    render(&sim, &tree, &specs, 0, &mut lines);
    lines
}

fn render(sim: &Sim, node: &TreeNode, specs: &[ChildSpec], depth: usize, out: &mut Vec<String>) {
    assert!(
        node.state.is_alive() && node.state.as_str() != "starting",
        "the simulator has not started `{}` yet ({})",
        node.id,
        node.state.as_str()
    );
    let spec = specs.iter().find(|c| c.id() == &*node.id).expect("spec");
    let kind = match node.kind {
        NodeKind::Worker => "worker",
        NodeKind::Supervisor => "supervisor",
        NodeKind::DynamicSupervisor => "dynamic_supervisor",
    };
    let indent = "  ".repeat(depth);
    // A partition's id is its number (an integer in Elixir).
    let id = if node.id.chars().all(|c| c.is_ascii_digit()) {
        node.id.to_string()
    } else {
        inspect_atom(&node.id)
    };
    let mut line = format!("{indent}{kind} {id}");
    // A name every Elixir node has taken (`Logger`) is registered as another (`Playground.Logger`).
    // A via name is no registered name: the VM knows it only through the Registry.
    if let Some(name) = node.name.as_ref().filter(|n| !n.starts_with("{:via")) {
        let name = otp_sim::elixir::registered_name(name);
        line += &format!(" name={}", inspect_atom(&name));
    }
    if depth > 0 {
        let restart = match node.restart {
            Restart::Permanent => "permanent",
            Restart::Transient => "transient",
            Restart::Temporary => "temporary",
        };
        line += &format!(" restart=:{restart} shutdown={}", node.shutdown);
    }
    if let (Some(strategy), Some(i)) = (node.strategy, node.intensity) {
        line += &format!(
            " strategy=:{} max_restarts={} max_seconds={}",
            strategy.as_str(),
            i.max_restarts,
            i.max_seconds
        );
    }
    let max_children = match spec {
        ChildSpec::DynamicSupervisor(d) => Some(d.max_children),
        ChildSpec::TaskSupervisor(t) => Some(t.max_children),
        _ => None,
    };
    if let Some(max) = max_children {
        match max.0 {
            Some(n) => line += &format!(" max_children={n}"),
            None => line += " max_children=:infinity",
        }
    }
    // The simulator's tables are internal: a started owner has created the one its spec names.
    // A pg scope owns the table of its name (`ets:new(Scope, [named_table, ...])`).
    let pg_table = match spec {
        ChildSpec::Worker(w) if matches!(w.behaviour, otp_sim::scenario::Behaviour::Pg {}) => {
            w.name.as_deref()
        }
        _ => None,
    };
    if let ChildSpec::Worker(w) = spec
        && let Some(t) = w.behaviour.table().or(pg_table)
    {
        line += &format!(" table={}", inspect_atom(&otp_sim::elixir::table_name(t)));
    }
    // A PartitionSupervisor keeps its partitions in an ETS table named after it.
    if let ChildSpec::PartitionSupervisor(p) = spec {
        line += &format!(
            " table={}",
            inspect_atom(&otp_sim::elixir::registered_name(&p.name))
        );
    }
    let pid = node.pid.expect("a live node has a pid");
    let info = sim.info(pid).expect("a live process");
    line += &format!(" trap_exit={}", info.trap_exit);
    out.push(line);
    // A child that is not running (an `init/1` that returned `:ignore`) has no pid in
    // `Supervisor.which_children/1`: the script does not print it.
    for child in node.children.iter().filter(|c| c.state.is_alive()) {
        render(sim, child, specs, depth + 1, out);
    }
}

/// Runs `elixir FILE` with the tree dump on; returns (stdout, stderr) or why it failed.
fn run_elixir(file: &Path) -> Result<(String, String), String> {
    let mut child = Command::new("elixir")
        .arg(file)
        .env(otp_sim::elixir::TREE_ENV, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run elixir: {e}"))?;
    let started = Instant::now();
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("timed out after 120 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    if !out.status.success() {
        return Err(format!("exited with {}:\n{stderr}{stdout}", out.status));
    }
    Ok((stdout, stderr))
}

/// A fresh directory for this test's scripts.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otp-sim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Trees larger than this are not started under real Elixir by the test below.
const MAX_PROCESSES_CHECKED: usize = 500;

#[test]
fn real_elixir_starts_the_same_tree_as_the_simulator() {
    if skip_without_elixir("real_elixir_starts_the_same_tree_as_the_simulator") {
        return;
    }
    // poolboy is a hex package, which the tests cannot fetch (no network): the export
    // leaves pools out (its header says so), so those trees cannot match the simulator's.
    let scenarios: Vec<_> = all_scenarios()
        .into_iter()
        .filter(|(name, s)| {
            let pool = has_pool(&s.tree);
            if pool {
                println!(
                    "NOTE: {name} skipped: it uses a poolboy pool, which the export leaves out"
                );
            }
            // The canvas stage's big built-ins (1,000 and 5,000 processes) are `big_200`'s
            // shape scaled up: starting them under real Elixir takes minutes on two cores,
            // and `big_200` already checks that shape.
            let big = s.tree.process_count() > MAX_PROCESSES_CHECKED;
            if big {
                println!("NOTE: {name} skipped: over {MAX_PROCESSES_CHECKED} processes");
            }
            !pool && !big
        })
        .collect();
    let dir = scratch("elixir-tree");
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    // Two at a time: the machines this runs on have two cores.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((name, s)) = scenarios.get(i) else {
                        break;
                    };
                    if let Err(e) = check_tree(&dir, i, s) {
                        failures.lock().unwrap().push(format!("{name}: {e}"));
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} exports do not start the simulator's tree under real Elixir:\n\n{}",
        failures.len(),
        scenarios.len(),
        failures.join("\n\n")
    );
    println!(
        "{} scenarios: real Elixir started the simulator's tree",
        scenarios.len()
    );
}

fn check_tree(dir: &Path, i: usize, s: &Scenario) -> Result<(), String> {
    let file = dir.join(format!("s{i}.exs"));
    std::fs::write(&file, otp_sim::elixir::export(s)).map_err(|e| e.to_string())?;
    let (stdout, stderr) = run_elixir(&file)?;
    if stderr.contains("warning") {
        return Err(format!("Elixir warned while compiling:\n{stderr}"));
    }
    let real: Vec<&str> = stdout.lines().collect();
    let want = sim_tree_lines(s);
    if real == want {
        return Ok(());
    }
    Err(format!(
        "--- simulator ---\n{}\n--- real Elixir ---\n{}",
        want.join("\n"),
        real.join("\n")
    ))
}

/// Fixtures whose faults the conformance harness makes from outside (exit signals, the
/// supervisor API), so that it can drive the exported tree itself.
const DRIVEN: [&str; 1] = ["init_fails.json"];

/// The exported code does what the scenario says, not only starts the same tree: the
/// conformance harness (`tests/elixir/run_export.exs`) starts the *exported* script's tree,
/// makes the scenario's faults at their times and prints its golden lines, which must be
/// the simulator's. `init_fails.json` has every kind whose `init/1` can fail, failing in
/// each way, at the first start and on restarts.
#[test]
fn real_elixir_runs_the_export_as_the_simulator_does() {
    if skip_without_elixir("real_elixir_runs_the_export_as_the_simulator_does") {
        return;
    }
    let dir = scratch("elixir-driven");
    let mut failures = Vec::new();
    for name in DRIVEN {
        let json = fixtures().join(name);
        let s = Scenario::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap();
        let file = dir.join("export.exs");
        std::fs::write(&file, otp_sim::elixir::export(&s)).unwrap();
        let out = Command::new("elixir")
            .arg(fixtures().join("run_export.exs"))
            .arg(&json)
            .arg(&file)
            .stdin(Stdio::null())
            .output()
            .expect("run elixir");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        // The harness's own warnings (poolboy and telemetry are not installed) are not the
        // export's: only a warning that names the exported file is.
        if !out.status.success() || stderr.contains("export.exs") {
            failures.push(format!("{name}: {}\n{stderr}{stdout}", out.status));
            continue;
        }
        let mut sim = Sim::new(&s);
        sim.run_until(s.duration_ms * 1000);
        let mut want = sim_tree_lines(&s);
        want.extend(otp_sim::golden::golden_lines(&sim));
        let got: Vec<&str> = stdout.lines().collect();
        if got != want {
            failures.push(format!(
                "{name}:\n--- simulator ---\n{}\n--- real Elixir ---\n{}",
                want.join("\n"),
                got.join("\n")
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn generated_code_is_laid_out_as_mix_format_would() {
    if skip_without_elixir("generated_code_is_laid_out_as_mix_format_would") {
        return;
    }
    let scenarios = all_scenarios();
    let dir = scratch("elixir-format");
    let mut files = Vec::new();
    for (i, (name, s)) in scenarios.iter().enumerate() {
        let file = dir.join(format!("s{i}.exs"));
        std::fs::write(&file, otp_sim::elixir::export(s)).unwrap();
        files.push((name, file));
    }
    let out = Command::new("elixir")
        .arg(fixtures().join("check_format.exs"))
        .args(files.iter().map(|(_, f)| f))
        .output()
        .expect("run elixir");
    let _ = std::fs::remove_dir_all(&dir);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    let mut text = report.clone();
    for (name, file) in &files {
        text = text.replace(&file.display().to_string(), name);
    }
    assert!(
        out.status.success(),
        "generated code differs from `mix format`'s layout:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn has_pool(spec: &ChildSpec) -> bool {
    matches!(spec, ChildSpec::Pool(_)) || spec.children().iter().any(has_pool)
}

fn uses_pool(spec: &ChildSpec) -> bool {
    match spec {
        ChildSpec::Pool(_) => true,
        ChildSpec::Worker(w) => matches!(
            &w.behaviour,
            otp_sim::scenario::Behaviour::Client(c)
                if c.mode == otp_sim::scenario::ClientMode::PoolTransaction
        ),
        _ => false,
    }
}
