# Rooms has 4 partitions. start_child through {:via, PartitionSupervisor, {Rooms, key}}: integer keys 1, 2, 7 and -5 go to rem(abs(key), 4) = 1, 2, 3, 1; the atom :abc, the string "room-12", the tuple {:user, 42} and the list [1, 2, 3] go to :erlang.phash2(key, 4). At the end which_children lists the partitions newest first and each partition counts its own children.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "partition_routing.json"))
