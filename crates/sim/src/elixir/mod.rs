//! Exports a scenario as Elixir: its supervision tree as plain `Supervisor`,
//! `DynamicSupervisor` and `GenServer` modules that a learner runs with `elixir FILE.exs` or
//! pastes into `iex`.
//!
//! Owns the shape of the generated code: module names derived from child ids (valid
//! aliases, no collisions, deterministic); one GenServer module per worker behaviour the
//! scenario uses (with only the features it uses); one `:gen_statem` module per statem; one module per supervisor, whose
//! `init/1` holds the child specs exactly as the scenario says; the header comment (how to
//! run it, what the simulator does that the code does not, and every scheduled fault as the
//! Elixir call that makes it); and the `PLAYGROUND_TREE=1` mode that prints the started tree,
//! which `tests/elixir_export.rs` compares with the simulator's. The layout follows
//! `mix format` (that test checks it). Pure and deterministic: the app calls it in the
//! browser.
//!
//! | File | What |
//! |---|---|
//! | `plan.rs` | what the scenario needs: modules, names, features used |
//! | `header.rs` | the header comment and the fault calls |
//! | `supervisors.rs` | supervisor modules, child specs, start options, the script's end |
//! | `workers.rs` | the GenServer module of each worker behaviour |
//! | `statem.rs` | the `:gen_statem` module of each statem worker, its rules as clauses |
//! | `names.rs` | registered names, table names, module names, the file name |
//! | `syntax.rs` | Elixir literals and the line writer |
//! | `templates.rs`, `templates/*.ex` | the fixed code, as Elixir files |

mod header;
mod names;
mod plan;
mod statem;
mod supervisors;
mod syntax;
mod templates;
mod workers;

pub use names::{file_stem, registered_name, table_name};
pub use syntax::atom;
pub use templates::TREE_ENV;

use crate::scenario::Scenario;
use header::header;
use plan::Plan;
use statem::statem_module;
use supervisors::{run, supervisor_module};
use syntax::Code;
use templates::{HELPERS, INIT_FAILS};
use workers::worker_module;

/// The Elixir code of the scenario's supervision tree.
pub fn export(scenario: &Scenario) -> String {
    let plan = Plan::new(scenario);
    let mut code = Code::default();
    header(&mut code, scenario, &plan);
    code.text(HELPERS);
    if plan.init_fails {
        code.blank();
        code.text(INIT_FAILS);
    }
    for (kind, uses) in &plan.workers {
        code.blank();
        worker_module(&mut code, *kind, uses);
    }
    for (w, module) in &plan.statems {
        if let crate::scenario::Behaviour::Statem(spec) = &w.behaviour {
            code.blank();
            statem_module(&mut code, w, spec, module);
        }
    }
    for (spec, module) in &plan.sups {
        code.blank();
        supervisor_module(&mut code, &plan, spec, module);
    }
    code.blank();
    run(&mut code, &plan, &scenario.tree, &scenario.faults);
    code.0.join("\n") + "\n"
}
