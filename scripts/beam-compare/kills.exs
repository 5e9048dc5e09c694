# A Supervisor of 10,000 workers; each killed once and restarted.
defmodule W do
  use GenServer
  def start_link(n), do: GenServer.start_link(__MODULE__, n)
  def init(n), do: {:ok, n}
end

children = for i <- 1..10_000, do: Supervisor.child_spec({W, i}, id: i)
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 200_000)
old = for {_, pid, _, _} <- Supervisor.which_children(sup), do: pid
Enum.each(old, &Process.exit(&1, :kill))
old = MapSet.new(old)

wait = fn wait ->
  now = for {_, pid, _, _} <- Supervisor.which_children(sup), is_pid(pid), do: pid
  unless length(now) == 10_000 and not Enum.any?(now, &MapSet.member?(old, &1)) do
    Process.sleep(1)
    wait.(wait)
  end
end

wait.(wait)
