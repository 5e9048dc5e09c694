# DynamicSupervisor with max_children 2: third start_child is {:error, :max_children}.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "dynamic_max_children.json"))
