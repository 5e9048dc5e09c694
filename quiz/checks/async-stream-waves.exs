# :timeout applies to each task, and :max_concurrency defaults to the online schedulers,
# so 20 calls of 100 ms run in waves unless max_concurrency lets them all start at once.
{:ok, sup} = Task.Supervisor.start_link()
call = fn _ -> Process.sleep(100) end
run = fn opts ->
  {us, _} = :timer.tc(fn -> sup |> Task.Supervisor.async_stream_nolink(1..20, call, opts) |> Enum.to_list() end)
  div(us, 1000)
end

waves = run.(max_concurrency: 2, timeout: 1_000, on_timeout: :kill_task)
waves >= 1_000  #=> true
at_once = run.(max_concurrency: 20, timeout: 1_000, on_timeout: :kill_task)
at_once < 800  #=> true

# A task that overruns comes back as {:exit, :timeout}; the others as {:ok, _}.
sup
|> Task.Supervisor.async_stream_nolink([10, 2_000], &Process.sleep/1, max_concurrency: 2, timeout: 500, on_timeout: :kill_task)
|> Enum.to_list()
#=> [ok: :ok, exit: :timeout]

# Task.await_many's timeout (5 s by default) covers the whole list: tasks of 0.4, 0.8 and
# 1.2 s each pass a 1 s Task.await in turn, but not one await_many of 1 s.
start = fn -> for ms <- [400, 800, 1_200], do: Task.async(fn -> Process.sleep(ms) end) end
start.() |> Enum.map(&Task.await(&1, 1_000))  #=> [:ok, :ok, :ok]
try do
  Task.await_many(start.(), 1_000)
catch
  :exit, {:timeout, {Task, :await_many, _}} -> :caller_exited
end
#=> :caller_exited

# Without :max_concurrency, Task.async_stream runs System.schedulers_online() at a time.
n = System.schedulers_online()
{us, _} = :timer.tc(fn -> 1..(2 * n) |> Task.async_stream(fn _ -> Process.sleep(100) end) |> Enum.to_list() end)
us >= 200_000  #=> true
