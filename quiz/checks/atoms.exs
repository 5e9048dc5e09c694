# Atoms are never garbage-collected; the table's size is fixed when the VM starts.
:erlang.system_info(:atom_limit)  #=> 1_048_576
before = :erlang.system_info(:atom_count)
for i <- 1..10_000, do: String.to_atom("quiz_check_user_#{i}")
:erlang.garbage_collect()
:erlang.system_info(:atom_count) - before >= 10_000  #=> true

# String.to_existing_atom/1 only moves the failure: a new id has no atom yet.
try do
  String.to_existing_atom("quiz_check_user_never_made")
rescue
  ArgumentError -> :raised
end
#=> :raised

# Distinct strings give distinct atoms.
String.to_atom("user_1") == String.to_atom("user_2")  #=> false

# A full atom table takes the whole node down, not one request: a VM started with the
# smallest table (+t 8192) dies as soon as code mints more atoms than that.
{out, status} =
  System.cmd("erl", ["+t", "8192", "-noshell", "-eval",
    "[list_to_atom(integer_to_list(I)) || I <- lists:seq(1, 20000)], halt(0)."],
    stderr_to_stdout: true, env: [{"ERL_CRASH_DUMP", "/dev/null"}])
{status != 0, out =~ "no more index entries in atom_tab"}  #=> {true, true}
