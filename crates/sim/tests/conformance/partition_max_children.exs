# child_spec {DynamicSupervisor, max_children: 1} over 2 partitions: keys 0 and 1 start one child in each partition; key 2 (partition 0 again) is refused with {:error, :max_children} although the PartitionSupervisor holds only two of the children it could.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "partition_max_children.json"))
