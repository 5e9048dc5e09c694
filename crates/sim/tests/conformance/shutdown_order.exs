# Process.exit(root, :shutdown) from root's parent (the script): children stop in reverse start order, nested first.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "shutdown_order.json"))
