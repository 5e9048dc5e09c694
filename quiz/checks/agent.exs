# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

# An Agent is a GenServer running the caller's functions inside its own process.
{:ok, agent} = Agent.start_link(fn -> 0 end)

# The function runs in the agent, not in the caller.
Agent.get(agent, fn _ -> self() end) == agent  #=> true

# :sys sees a gen_server.
{:status, _, {:module, mod}, _} = :sys.get_status(agent)
mod  #=> :gen_server

# Agent fits a supervision tree: it has a child spec.
Agent.child_spec(fn -> 0 end).start |> elem(0)  #=> Agent

# Agent.update/2 is a call: it returns after the agent ran the function.
Agent.update(agent, &(&1 + 1))  #=> :ok
Agent.get(agent, & &1)  #=> 1

# There are no callbacks to write: a stray message is logged by GenServer's default
# handle_info/2 and otherwise ignored.
Logger.configure(level: :none)
send(agent, :tick)
Agent.get(agent, & &1)  #=> 1

# Each call is atomic; a get followed by an update is two calls, and concurrent callers
# overwrite each other's increments (Agent.update does not).
{:ok, racy} = Agent.start_link(fn -> 0 end)
{:ok, safe} = Agent.start_link(fn -> 0 end)
1..200
|> Enum.map(fn _ ->
  Task.async(fn ->
    n = Agent.get(racy, & &1)
    Process.sleep(1)
    Agent.update(racy, fn _ -> n + 1 end)
    Agent.update(safe, &(&1 + 1))
  end)
end)
|> Task.await_many()
Agent.get(safe, & &1)  #=> 200
Agent.get(racy, & &1) < 200  #=> true

# Heavy work in the function queues: five concurrent 50 ms gets take about 250 ms.
{:ok, catalog} = Agent.start_link(fn -> :products end)
{us, _} = :timer.tc(fn ->
  1..5 |> Enum.map(fn _ -> Task.async(fn -> Agent.get(catalog, fn p -> Process.sleep(50); p end) end) end) |> Task.await_many()
end)
us >= 250_000  #=> true

# An Agent.get that waits too long exits the caller with a GenServer call timeout, while
# the busy agent lives on.
{:ok, busy} = Agent.start_link(fn -> 0 end)
Agent.cast(busy, fn n -> Process.sleep(300); n end)
try do
  Agent.get(busy, & &1, 50)
catch
  :exit, {:timeout, {GenServer, :call, [^busy, {:get, _}, 50]}} -> :caller_exited
end
#=> :caller_exited
Process.alive?(busy)  #=> true

# A function that raises inside the agent ends the agent; a supervisor's restart runs the
# start function again, so the state is the initial value.
Logger.configure(level: :none)
children = [%{id: Counter, start: {Agent, :start_link, [fn -> 0 end, [name: Quiz.Counter]]}}]
{:ok, _} = Supervisor.start_link(children, strategy: :one_for_one)
for _ <- 1..10, do: Agent.cast(Quiz.Counter, &(&1 + 1))
Agent.get(Quiz.Counter, & &1)  #=> 10
old = Process.whereis(Quiz.Counter)
Agent.cast(Quiz.Counter, fn _ -> raise "boom" end)
eventually.(fn -> Process.whereis(Quiz.Counter) not in [nil, old] end)  #=> true
Agent.cast(Quiz.Counter, &(&1 + 1))
Agent.get(Quiz.Counter, & &1)  #=> 1
