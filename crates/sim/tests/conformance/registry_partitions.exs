# A 4-partition duplicate registry: one dispatch reaches all subscribers across partitions.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "registry_partitions.json"))
