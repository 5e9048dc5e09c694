# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

# :pg (OTP 23+): a scope must run before anyone joins it; any local pid may be joined; a
# member leaves its groups when it exits. :pg2 is gone (removed in OTP 24).
try do
  :pg.join(:quiz_no_scope, :room, self())
catch
  :exit, {:noproc, {:gen_server, :call, _}} -> :noproc
end
#=> :noproc

{:ok, _} = :pg.start_link(:quiz_chat)
member = spawn(fn -> receive do: (:stop -> :ok) end)
:pg.join(:quiz_chat, {:room, 7}, member)  #=> :ok
:pg.get_members(:quiz_chat, {:room, 7}) == [member]  #=> true
send(member, :stop)
eventually.(fn -> :pg.get_members(:quiz_chat, {:room, 7}) == [] end)  #=> true

# A group guarantees no uniqueness: two processes can join the same group.
two = for _ <- 1..2, do: spawn(fn -> receive do: (:stop -> :ok) end)
:pg.join(:quiz_chat, {:doc, "a"}, two)  #=> :ok
length(:pg.get_members(:quiz_chat, {:doc, "a"}))  #=> 2

# No group has to be created first: an empty group is a group without members.
:pg.get_members(:quiz_chat, :never_used)  #=> []
function_exported?(:pg, :create, 1)  #=> false

# (OTP 25 still ships a pg2 module with no functions, so every call is undef.)
try do
  :pg2.create(:room)
rescue
  UndefinedFunctionError -> :undef
end
#=> :undef
String.to_integer(System.otp_release()) >= 24  #=> true
