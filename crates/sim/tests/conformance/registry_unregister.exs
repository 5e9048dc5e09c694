# Registry.unregister removes the caller's entry only; a new registration goes to the end of the lookup order.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "registry_unregister.json"))
