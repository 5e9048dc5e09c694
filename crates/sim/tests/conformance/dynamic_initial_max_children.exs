# DynamicSupervisor with max_children 2 and three initial children: the third
# initial start_child is {:error, :max_children}, like a later one.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "dynamic_initial_max_children.json"))
