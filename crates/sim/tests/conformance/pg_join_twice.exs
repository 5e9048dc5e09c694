# pg: members newest first, a double join listed twice, one leave removes one membership.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "pg_join_twice.json"))
