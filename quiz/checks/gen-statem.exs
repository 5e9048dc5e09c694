# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

# A state_timeout runs on whatever other events arrive and ends with the state; an event
# timeout is cancelled by any event. Events every 50 ms for 2 s, timeouts of 1 s.
defmodule Quiz.Lock do
  @behaviour :gen_statem
  def callback_mode, do: [:state_functions, :state_enter]
  def init({kind, test}), do: {:ok, :open, %{kind: kind, test: test, at: System.monotonic_time(:millisecond)}}

  def open(:enter, _old, %{kind: :state} = d), do: {:keep_state, d, [{:state_timeout, 1_000, :auto_lock}]}
  def open(:enter, _old, %{kind: :event} = d), do: {:keep_state, d, [{:timeout, 1_000, :auto_lock}]}
  def open(:info, :door_moved, %{kind: :event} = d), do: {:keep_state, d, [{:timeout, 1_000, :auto_lock}]}
  def open(:info, :door_moved, d), do: {:keep_state, d}
  def open(_timeout, :auto_lock, d) do
    send(d.test, {:locked_after, d.kind, System.monotonic_time(:millisecond) - d.at})
    {:next_state, :locked, d}
  end

  def locked(:enter, _old, d), do: {:keep_state, d}
  def locked(:info, _, d), do: {:keep_state, d}
end

me = self()
{:ok, s} = :gen_statem.start_link(Quiz.Lock, {:state, me}, [])
{:ok, e} = :gen_statem.start_link(Quiz.Lock, {:event, me}, [])
spawn(fn ->
  for _ <- 1..40, do: (Process.sleep(50); send(s, :door_moved); send(e, :door_moved))
  send(me, :sensor_done)
end)

# The state timeout fires about 1 s after opening, while the events still come (had they
# restarted it, it would fire 1 s after the last one, at 3 s).
receive do: ({:locked_after, :state, ms} -> ms >= 1_000 and ms < 2_800)  #=> true

# While events keep coming, the event timeout never fires.
receive do: (:sensor_done -> :ok)
receive do
  {:locked_after, :event, _} -> :event_timeout_fired
after
  0 -> :never_fired
end
#=> :never_fired
:sys.get_state(e) |> elem(0)  #=> :open
:sys.get_state(s) |> elem(0)  #=> :locked

# A :gen_statem is one process handling one event at a time, like a GenServer.
{:status, _, {:module, :gen_statem}, _} = :sys.get_status(s)

# The hand-rolled GenServer version: a Process.send_after/3 timer is not tied to a state,
# so a timeout set while connecting fires after the connection succeeded and flips the
# connected client back to :disconnected.
defmodule Quiz.Conn do
  use GenServer
  def init(_), do: {:ok, %{status: :disconnected}}
  def handle_cast(:connect, %{status: :disconnected} = s) do
    Process.send_after(self(), :connect_timeout, 1_000)
    {:noreply, %{s | status: :connecting}}
  end
  def handle_info(:connected, s), do: {:noreply, %{s | status: :connected}}
  def handle_info(:connect_timeout, s), do: {:noreply, %{s | status: :disconnected}}
end
{:ok, c} = GenServer.start_link(Quiz.Conn, nil)
GenServer.cast(c, :connect)
send(c, :connected)
:sys.get_state(c).status  #=> :connected
eventually.(fn -> :sys.get_state(c).status == :disconnected end)  #=> true

# A generic timeout (OTP 20+) is not tied to a state: set in :open, it still fires after
# the lock was closed by hand, in :locked, where a clause must ignore it.
defmodule Quiz.GenericLock do
  @behaviour :gen_statem
  def callback_mode, do: :handle_event_function
  def init(test), do: {:ok, :open, test, [{{:timeout, :auto_lock}, 500, :auto_lock}]}
  def handle_event(:cast, :lock_by_hand, :open, test), do: {:next_state, :locked, test}
  def handle_event({:timeout, :auto_lock}, :auto_lock, state, test) do
    send(test, {:auto_lock_fired_in, state})
    :keep_state_and_data
  end
end
{:ok, g} = :gen_statem.start_link(Quiz.GenericLock, self(), [])
:gen_statem.cast(g, :lock_by_hand)
receive do
  {:auto_lock_fired_in, state} -> state
after
  3_000 -> :never_fired
end
#=> :locked
