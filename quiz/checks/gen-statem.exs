# A state_timeout runs on whatever other events arrive and ends with the state; an event
# timeout is cancelled by any event. Events every 100 ms, timeouts of 300 ms.
defmodule Quiz.Lock do
  @behaviour :gen_statem
  def callback_mode, do: [:state_functions, :state_enter]
  def init({kind, test}), do: {:ok, :open, %{kind: kind, test: test, at: System.monotonic_time(:millisecond)}}

  def open(:enter, _old, %{kind: :state} = d), do: {:keep_state, d, [{:state_timeout, 300, :auto_lock}]}
  def open(:enter, _old, %{kind: :event} = d), do: {:keep_state, d, [{:timeout, 300, :auto_lock}]}
  def open(:info, :door_moved, %{kind: :event} = d), do: {:keep_state, d, [{:timeout, 300, :auto_lock}]}
  def open(:info, :door_moved, d), do: {:keep_state, d}
  def open(_timeout, :auto_lock, d) do
    send(d.test, {:locked_after, System.monotonic_time(:millisecond) - d.at})
    {:next_state, :locked, d}
  end

  def locked(:enter, _old, d), do: {:keep_state, d}
  def locked(:info, _, d), do: {:keep_state, d}
end

sensor = fn pid -> spawn(fn -> for _ <- 1..10, do: (Process.sleep(100); send(pid, :door_moved)) end) end
{:ok, s} = :gen_statem.start_link(Quiz.Lock, {:state, self()}, [])
{:ok, e} = :gen_statem.start_link(Quiz.Lock, {:event, self()}, [])
sensor.(s)
sensor.(e)
receive do: ({:locked_after, ms} -> ms >= 300 and ms < 700)  #=> true
receive do
  {:locked_after, _} -> :event_timeout_fired
after
  600 -> :never_fired
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
    Process.send_after(self(), :connect_timeout, 200)
    {:noreply, %{s | status: :connecting}}
  end
  def handle_info(:connected, s), do: {:noreply, %{s | status: :connected}}
  def handle_info(:connect_timeout, s), do: {:noreply, %{s | status: :disconnected}}
end
{:ok, c} = GenServer.start_link(Quiz.Conn, nil)
GenServer.cast(c, :connect)
Process.sleep(50)
send(c, :connected)
Process.sleep(20)
:sys.get_state(c).status  #=> :connected
Process.sleep(200)
:sys.get_state(c).status  #=> :disconnected

# A generic timeout (OTP 20+) is not tied to a state: set in :open, it still fires after
# the lock was closed by hand, in :locked, where a clause must ignore it.
defmodule Quiz.GenericLock do
  @behaviour :gen_statem
  def callback_mode, do: :handle_event_function
  def init(test), do: {:ok, :open, test, [{{:timeout, :auto_lock}, 200, :auto_lock}]}
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
  1_000 -> :never_fired
end
#=> :locked
