# The PartitionSupervisor has max_restarts 1: the first killed partition is restarted, the second kill within its window is one restart too many: reached_max_restart_intensity, it stops its other partitions and exits :shutdown, and root restarts it with fresh partitions. Each partition is reached through the via tuple.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "partition_gives_up.json"))
