# persistent_term: get on an erased key raises badarg
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "persistent_term_erase_then_get.json"))
