curl -H "Authorization: Bearer cog_6rxxuqiqxgelh2tn4tmkteprqnyodnu7rjzzo7w254yyy6ou2stl" https://api.devin.ai/v3/organizations/sessions
