# Process.exit(pid, :normal) kills neither a non-trapping nor a trapping worker; later crashes prove they survived.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "exit_normal_ignored.json"))
