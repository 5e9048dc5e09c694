# pg: removal of a dead member is monitor-based and asynchronous.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "pg_dead_member_async.json"))
