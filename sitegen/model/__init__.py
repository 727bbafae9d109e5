"""Values the stages hand each other, and the problems they find: no I/O, stdlib only."""
