# No partitions option: System.schedulers_online() partitions (this machine and config.schedulers: 2), started in order 0, 1 before the PartitionSupervisor reports started; which_children lists them [1, 0]; count_children counts two active supervisors. The term keys :a and "a" route by phash2.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "partition_default_partitions.json"))
