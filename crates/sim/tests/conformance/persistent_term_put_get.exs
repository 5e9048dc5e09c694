# persistent_term: a put from outside is read by every process
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "persistent_term_put_get.json"))
