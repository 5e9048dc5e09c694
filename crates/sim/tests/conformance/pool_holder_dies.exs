# pool_holder_dies: poolboy 1.5.2 (see Conformance.Pool in support.exs).
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "pool_holder_dies.json"))
