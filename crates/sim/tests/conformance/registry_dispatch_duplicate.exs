# Registry.dispatch on a duplicate key sends to every subscriber in lookup order; a restarted subscriber re-registers at the end.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "registry_dispatch_duplicate.json"))
