# Two children in each of 2 partitions (keys 0..3). A crash of a (partition 0) is handled by partition 0 alone: child_terminated names partition 0, a restarts; the other partition and the PartitionSupervisor report nothing. Then partition 1 is killed (exit :kill through the via tuple): its children die with it (:killed), the PartitionSupervisor restarts it empty, and partition 0 keeps its children.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "partition_crash_isolated.json"))
