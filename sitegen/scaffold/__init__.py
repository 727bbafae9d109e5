"""Starting things: a new site (`init`, from the starter in starter/) and a new article (`new`)."""
