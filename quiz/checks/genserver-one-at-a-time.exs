# One GenServer handles one message at a time, calls and casts alike, whatever the number
# of schedulers.
defmodule Slow do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:work, _from, n), do: (Process.sleep(50); {:reply, :ok, n + 1})
  def handle_cast(:work, n), do: (Process.sleep(50); {:noreply, n + 1})
end

System.schedulers_online() >= 1  #=> true
{:ok, s} = GenServer.start_link(Slow, 0)

# Four concurrent callers: the calls take turns, about 4 x 50 ms in all.
{us, _} = :timer.tc(fn -> 1..4 |> Enum.map(fn _ -> Task.async(fn -> GenServer.call(s, :work) end) end) |> Task.await_many() end)
us >= 200_000  #=> true

# Casts land in the same mailbox and wait their turn there (the server is suspended so
# that the count does not depend on timing).
:sys.get_state(s)  #=> 4
:sys.suspend(s)
for _ <- 1..5, do: GenServer.cast(s, :work)
Process.info(s, :message_queue_len)  #=> {:message_queue_len, 5}

# A mailbox has no size limit: nothing is dropped while the server is suspended.
for _ <- 1..10_000, do: send(s, :noise)
Process.info(s, :message_queue_len)  #=> {:message_queue_len, 10_005}
:sys.resume(s)

# A cast to a name nobody has registered returns :ok and does nothing.
GenServer.cast(:nobody_is_registered_here, :hello)  #=> :ok

# A local name can be registered only once.
{:ok, named} = GenServer.start_link(Slow, 0, name: MyApp.Rates)
GenServer.start_link(Slow, 0, name: MyApp.Rates)  #=> {:error, {:already_started, named}}
