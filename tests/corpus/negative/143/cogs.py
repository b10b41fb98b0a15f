class Admin(commands.Cog):
    async def cog_command_error(self, ctx, error):
        await ctx.send(str(error))
