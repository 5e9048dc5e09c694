# A PartitionSupervisor's children are its partitions, one per online scheduler by default.
defmodule Quiz.Room do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, id)
  def init(id), do: {:ok, id}
end
{:ok, _} = PartitionSupervisor.start_link(child_spec: DynamicSupervisor, name: Quiz.RoomSups, partitions: 2)

# Any term routes: self() is hashed to a partition.
room = fn id, key -> DynamicSupervisor.start_child({:via, PartitionSupervisor, {Quiz.RoomSups, key}}, {Quiz.Room, id}) end
{:ok, _} = room.(42, self())

# Nothing makes a room unique: the same room twice gives two processes.
{:ok, a} = room.(7, self())
{:ok, b} = room.(7, self())
a != b  #=> true

for i <- 1..17, do: room.(100 + i, i)

# count_children/1 on the PartitionSupervisor counts the partitions ...
c = PartitionSupervisor.count_children(Quiz.RoomSups)
{c.active, c.supervisors}  #=> {2, 2}

# ... and the rooms are the sum over the partitions.
for {_id, pid, _type, _mods} <- PartitionSupervisor.which_children(Quiz.RoomSups), reduce: 0 do
  acc -> acc + DynamicSupervisor.count_children(pid).active
end
#=> 20

# Without :partitions, one per online scheduler.
{:ok, _} = PartitionSupervisor.start_link(child_spec: DynamicSupervisor, name: Quiz.Default)
PartitionSupervisor.partitions(Quiz.Default) == System.schedulers_online()  #=> true

# A DynamicSupervisor is one process: it implements the GenServer behaviour.
{:ok, ds} = DynamicSupervisor.start_link(strategy: :one_for_one)
{:status, _, {:module, mod}, _} = :sys.get_status(ds)
mod  #=> :gen_server

# An integer key is routed with rem/2: with two partitions, key 3 goes to partition 1.
by_id = Map.new(PartitionSupervisor.which_children(Quiz.RoomSups), fn {id, pid, _, _} -> {id, pid} end)
GenServer.whereis({:via, PartitionSupervisor, {Quiz.RoomSups, 3}}) == by_id[1]  #=> true
GenServer.whereis({:via, PartitionSupervisor, {Quiz.RoomSups, 4}}) == by_id[0]  #=> true
