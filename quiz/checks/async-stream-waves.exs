# :timeout applies to each task, and :max_concurrency defaults to the online schedulers,
# so 20 calls of 200 ms run in waves unless max_concurrency lets them all start at once.
{:ok, sup} = Task.Supervisor.start_link()
call = fn _ -> Process.sleep(200) end
run = fn opts ->
  {us, _} = :timer.tc(fn -> sup |> Task.Supervisor.async_stream_nolink(1..20, call, opts) |> Enum.to_list() end)
  div(us, 1000)
end

waves = run.(max_concurrency: 2, timeout: 1_000, on_timeout: :kill_task)
waves >= 2_000  #=> true
at_once = run.(max_concurrency: 20, timeout: 1_000, on_timeout: :kill_task)
at_once < 600  #=> true

# A task that overruns comes back as {:exit, :timeout}; the others as {:ok, _}.
sup
|> Task.Supervisor.async_stream_nolink([50, 400], &Process.sleep/1, max_concurrency: 2, timeout: 200, on_timeout: :kill_task)
|> Enum.to_list()
#=> [ok: :ok, exit: :timeout]

# Task.await_many's timeout (5 s by default) covers the whole list: tasks of 100, 200 and
# 300 ms each pass a 250 ms Task.await in turn, but not one await_many of 250 ms.
start = fn -> for ms <- [100, 200, 300], do: Task.async(fn -> Process.sleep(ms) end) end
start.() |> Enum.map(&Task.await(&1, 250))  #=> [:ok, :ok, :ok]
try do
  Task.await_many(start.(), 250)
catch
  :exit, {:timeout, {Task, :await_many, _}} -> :caller_exited
end
#=> :caller_exited

# Without :max_concurrency, Task.async_stream runs System.schedulers_online() at a time.
n = System.schedulers_online()
{us, _} = :timer.tc(fn -> 1..(2 * n) |> Task.async_stream(fn _ -> Process.sleep(100) end) |> Enum.to_list() end)
us >= 200_000  #=> true
