# Process.exit(pid, :kill) on a trapping worker: exit reason :killed, restarted.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "kill_untrappable.json"))
