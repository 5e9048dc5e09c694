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
Process.sleep(20)
Process.alive?(kept)  #=> false
GenServer.whereis(Quiz.Conn) not in [nil, kept]  #=> true
Supervisor.stop(sup)
