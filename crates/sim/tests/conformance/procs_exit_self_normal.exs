# Process.exit(self(), :normal) kills; :normal from another process does not
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "procs_exit_self_normal.json"))
