Logger.configure(level: :none)
defmodule Quiz.Inventory do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_cast(:slow, n), do: (Process.sleep(20); {:noreply, n + 1})
  def handle_call(:get, _from, n), do: {:reply, n, n}
end

# A :sys request is a message and waits behind the backlog; Process.info/2 is answered by
# the runtime at once, however busy the process is.
{:ok, inv} = GenServer.start_link(Quiz.Inventory, 0)
for _ <- 1..400, do: GenServer.cast(inv, :slow)
try do
  :sys.get_state(inv, 200)
catch
  :exit, {:timeout, {:sys, :get_state, _}} -> :timed_out
end
#=> :timed_out
{us, info} = :timer.tc(fn -> Process.info(inv, [:message_queue_len, :current_function]) end)
info[:message_queue_len] > 300 and us < 100_000  #=> true
info[:current_function]  #=> {Process, :sleep, 1}

# A suspended server handles only system messages: :sys.get_state/1 works, calls wait
# and time out in the caller.
{:ok, srv} = GenServer.start_link(Quiz.Inventory, 5)
:sys.suspend(srv)
:sys.get_state(srv)  #=> 5
try do
  GenServer.call(srv, :get, 100)
catch
  :exit, {:timeout, {GenServer, :call, _}} -> :call_timed_out
end
#=> :call_timed_out
Process.alive?(srv)  #=> true
:sys.resume(srv)
GenServer.call(srv, :get)  #=> 5

# A task is not a special process: it never answers :sys, and the request stays in its mailbox.
{:ok, sup} = Task.Supervisor.start_link()
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(2_000) end)
try do
  :sys.get_state(task.pid, 200)
catch
  :exit, {:timeout, {:sys, :get_state, _}} -> :timed_out
end
#=> :timed_out
Process.info(task.pid, :message_queue_len)  #=> {:message_queue_len, 1}
Process.alive?(task.pid)  #=> true
{:current_stacktrace, [{Process, :sleep, 1, _} | _]} = Process.info(task.pid, :current_stacktrace)
Task.shutdown(task, :brutal_kill)

# :sys speaks to every OTP behaviour, supervisors and agents included.
{:ok, ag} = Agent.start_link(fn -> :flags end)
:sys.get_state(ag)  #=> :flags
{:status, _, {:module, :gen_server}, _} = :sys.get_status(sup)

# :sys.statistics counts messages and reductions; it measures no durations.
:ok = :sys.statistics(srv, true)
GenServer.call(srv, :get)
{:ok, stats} = :sys.statistics(srv, :get)
stats |> Keyword.keys() |> Enum.sort()  #=> [:current_time, :messages_in, :messages_out, :reductions, :start_time]
:sys.no_debug(srv)  #=> :ok
