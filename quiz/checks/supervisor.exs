# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

Logger.configure(level: :none)
Process.flag(:trap_exit, true)

# The listener resolved the name once and kept the pid: after a restart the name points
# to the new process, the kept pid to a dead one.
defmodule Quiz.Conn do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: Quiz.Conn)
  def init(nil), do: {:ok, nil}
end
{:ok, sup} = Supervisor.start_link([Quiz.Conn], strategy: :one_for_one)
kept = GenServer.whereis(Quiz.Conn)
Process.exit(kept, :kill)
eventually.(fn -> GenServer.whereis(Quiz.Conn) not in [nil, kept] end)  #=> true
Process.alive?(kept)  #=> false
Supervisor.stop(sup)
