//! What each of the editor's fields means, in OTP's words: the text the form shows under
//! a field on focus and as its title on hover (and what screen readers read with it).

use crate::model::edit_ops::Field;

/// The field's label and its explanation.
pub fn help(field: Field) -> (&'static str, &'static str) {
    match field {
        Field::Name => (
            "Name",
            "The scenario's title, shown above the stage and in share links.",
        ),
        Field::Description => (
            "Description",
            "One or two sentences on what this scenario shows.",
        ),
        Field::Seed => (
            "Seed",
            "Every random choice (client timing jitter, failure rates) comes from this number: the same seed gives the same run, event for event.",
        ),
        Field::DurationMs => (
            "Duration (ms)",
            "How long the run lasts, in milliseconds of virtual time.",
        ),
        Field::Schedulers => (
            "Schedulers",
            "How many BEAM schedulers run processes at once (System.schedulers_online()); 1 to 64.",
        ),
        Field::LatencyUs => (
            "Message latency (µs)",
            "How long a message takes from send to the receiver's mailbox, in microseconds.",
        ),
        Field::Id => (
            "Child id",
            "The child spec's :id. OTP needs it unique under one supervisor; here it must be unique in the whole scenario, as faults and steps address processes by it.",
        ),
        Field::RegName => (
            "Registered name",
            "The name the process registers (name: in start_link), so others can call it without its pid. Leave empty for none.",
        ),
        Field::Restart => (
            "Restart",
            ":permanent is always restarted; :transient only after an abnormal exit (not :normal, :shutdown or {:shutdown, term}); :temporary never.",
        ),
        Field::Shutdown => (
            "Shutdown",
            "How the supervisor stops this child: :brutal_kill (Process.exit(pid, :kill) at once), a number of ms to wait after exit(pid, :shutdown) before killing it, or :infinity (wait for ever; the default for supervisors).",
        ),
        Field::SupType => (
            "Supervisor type",
            "Supervisor: a fixed list of children started in order. DynamicSupervisor: children started on demand with start_child. Task.Supervisor: tasks started by callers. PartitionSupervisor: one DynamicSupervisor per partition, reached by key.",
        ),
        Field::Strategy => (
            "Strategy",
            ":one_for_one restarts only the child that died; :one_for_all stops and restarts every child; :rest_for_one restarts the dead child and those started after it.",
        ),
        Field::MaxRestarts => (
            "max_restarts",
            "Restart intensity: if more than this many restarts happen within max_seconds, the supervisor gives up (reached_max_restart_intensity), stops its children and exits with :shutdown.",
        ),
        Field::MaxSeconds => (
            "max_seconds",
            "The window, in seconds, over which restarts are counted against max_restarts.",
        ),
        Field::MaxChildren => (
            "max_children",
            "The most children a DynamicSupervisor runs at once: a number or :infinity. Beyond it start_child returns {:error, :max_children}.",
        ),
        Field::Partitions => (
            "Partitions",
            "How many DynamicSupervisors a PartitionSupervisor starts; empty means System.schedulers_online().",
        ),
        Field::Kind => (
            "Behaviour",
            "What the worker does: server (a GenServer answering calls), counter (a GenServer holding an integer), agent (an Agent), client (a process calling or casting to another at a rate: the workload).",
        ),
        Field::ServiceUs => (
            "Work per message (µs)",
            "How long each handle_call/handle_cast takes, in microseconds: the process handles one message at a time, so this sets how much it can serve.",
        ),
        Field::Table => (
            "ETS table",
            "A named ETS table this process creates in init/1 and owns: when the owner dies, the table goes with it.",
        ),
        Field::TrapExit => (
            "Trap exits",
            "Process.flag(:trap_exit, true): exit signals from linked processes arrive as {:EXIT, pid, reason} messages instead of killing it (except :kill).",
        ),
        Field::InitUs => (
            "init/1 time (µs)",
            "How long init/1 takes; start_link waits for it, and so does the supervisor.",
        ),
        Field::TerminateUs => (
            "terminate/2 time (µs)",
            "How long terminate/2 takes when the process traps exits and is shut down; past the shutdown timeout the supervisor kills it.",
        ),
        Field::ClientTarget => (
            "Target",
            "The registered name the client calls or casts to.",
        ),
        Field::ClientMode => (
            "Mode",
            "call waits for the reply (GenServer.call, with a timeout); cast sends and goes on (GenServer.cast); the others are written in the text view.",
        ),
        Field::IntervalUs => (
            "Interval (µs)",
            "Time between two requests from this client, in microseconds.",
        ),
        Field::TimeoutMs => (
            "Call timeout (ms)",
            "GenServer.call's timeout: past it the caller exits with {:timeout, {GenServer, :call, …}}.",
        ),
        Field::Request => ("Request", "The term the client sends, e.g. :ping."),
        Field::AtMs => (
            "At (ms)",
            "The moment, in milliseconds of virtual time from the start.",
        ),
        Field::FaultTarget => (
            "Target",
            "The child id or registered name of the process the fault hits (the one alive under it at that moment).",
        ),
        Field::FaultAction => (
            "Action",
            "crash raises in the process; exit sends Process.exit(pid, reason) (:kill cannot be trapped); stop returns {:stop, reason, state}; poison sends a message its handler crashes on; send sends a plain message; suspend/resume pause the process (:sys.suspend).",
        ),
        Field::FaultArg => (
            "Reason or message",
            "exit and stop: the exit reason (:kill, :shutdown, :normal, {:shutdown, term}…); crash: the error's message; send: the message term.",
        ),
        Field::StepText => (
            "Narration",
            "What the presenter says at this step (shown large in presenter mode).",
        ),
        Field::StepSelect => (
            "Select",
            "A child id or registered name to select at this step, or empty.",
        ),
    }
}
