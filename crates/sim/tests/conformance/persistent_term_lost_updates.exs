# persistent_term: a counter kept by get + put loses updates
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "persistent_term_lost_updates.json"))
