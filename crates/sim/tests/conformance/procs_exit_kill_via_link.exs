# exit(:kill) travels links as :kill; Process.exit(pid, :kill) as :killed
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "procs_exit_kill_via_link.json"))
