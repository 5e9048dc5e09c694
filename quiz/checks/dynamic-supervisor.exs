# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

Logger.configure(level: :none)
Process.flag(:trap_exit, true)

# Only :one_for_one is accepted.
defmodule Quiz.RoomSup do
  use DynamicSupervisor
  def init(strategy), do: DynamicSupervisor.init(strategy: strategy)
end
DynamicSupervisor.start_link(Quiz.RoomSup, :one_for_all)
#=> {:error, {:supervisor_data, {:invalid_strategy, :one_for_all}}}

defmodule Quiz.Session do
  use GenServer
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
  def init({:slow_init, ms}), do: (Process.sleep(ms); {:ok, nil})
  def init(arg), do: {:ok, arg}
  def handle_cast(:crash, _), do: raise("malformed event")
end

# terminate_child/2 takes a pid and stops the child for good, whatever its restart value;
# anything else raises FunctionClauseError.
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
{:ok, s1} = DynamicSupervisor.start_child(sup, {Quiz.Session, :user_1})
try do
  DynamicSupervisor.terminate_child(sup, :user_1)
rescue
  FunctionClauseError -> :function_clause
end
#=> :function_clause
DynamicSupervisor.terminate_child(sup, s1)  #=> :ok
DynamicSupervisor.count_children(sup).active  #=> 0

# GenServer.stop(pid, :normal) on a :permanent child: it is started again at once.
{:ok, s2} = DynamicSupervisor.start_child(sup, {Quiz.Session, :user_2})
GenServer.stop(s2, :normal)
eventually.(fn -> match?([{_, p, _, _}] when is_pid(p) and p != s2, DynamicSupervisor.which_children(sup)) end)
#=> true

# A DynamicSupervisor never compares children: the same spec twice gives two processes.
{:ok, a} = DynamicSupervisor.start_child(sup, {Quiz.Session, :room_42})
{:ok, b} = DynamicSupervisor.start_child(sup, {Quiz.Session, :room_42})
a != b  #=> true

# start_child/2 returns only when the child's init/1 has returned.
{us, {:ok, _}} = :timer.tc(fn -> DynamicSupervisor.start_child(sup, {Quiz.Session, {:slow_init, 300}}) end)
us >= 300_000  #=> true

# max_children caps starts; it does not make them faster.
{:ok, capped} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 1)
{:ok, _} = DynamicSupervisor.start_child(capped, {Quiz.Session, :x})
DynamicSupervisor.start_child(capped, {Quiz.Session, :y})  #=> {:error, :max_children}

# One restart budget for all children (default 3 in 5 s): four crashed :transient
# sessions out of 20 take the supervisor and all 20 down ...
{:ok, shared} = DynamicSupervisor.start_link(strategy: :one_for_one)
ref = Process.monitor(shared)
spec = Supervisor.child_spec({Quiz.Session, :s}, restart: :transient)
pids = for _ <- 1..20, do: elem(DynamicSupervisor.start_child(shared, spec), 1)
pids |> Enum.take(4) |> Enum.each(&GenServer.cast(&1, :crash))
receive do
  {:DOWN, ^ref, :process, _, reason} -> reason
after
  1_000 -> :still_running
end
#=> :shutdown
Enum.count(pids, &Process.alive?/1)  #=> 0

# ... while :temporary sessions that crash just end, neither restarted nor counted.
{:ok, temp} = DynamicSupervisor.start_link(strategy: :one_for_one)
spec = Supervisor.child_spec({Quiz.Session, :s}, restart: :temporary)
pids = for _ <- 1..20, do: elem(DynamicSupervisor.start_child(temp, spec), 1)
pids |> Enum.take(4) |> Enum.each(&GenServer.cast(&1, :crash))
eventually.(fn -> DynamicSupervisor.count_children(temp).active == 16 end)  #=> true
Process.alive?(temp)  #=> true
