using System.Linq.Expressions;

namespace Engine;

/// <summary>Reads component parameters (interface default members) from args, environment and parameter
/// files.</summary>
public static class ParameterExtensions
{
    /// <summary>The value of the parameter named by <paramref name="member"/>, or default when none was
    /// given.</summary>
    public static T? TryGetValue<T>(this INukeBuild build, Expression<Func<T>> member) =>
        ValueOf(build, member, typeof(T)) is { } value ? (T)value : default;

    // Apart from the generic method, which is compiled at run time for each value type it is called with (compiled
    // ahead, this is not): that copy stays small.
    private static object? ValueOf(INukeBuild build, LambdaExpression member, Type type)
    {
        var body = member.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand
            : member.Body;
        if (body is not MemberExpression { Member: var info })
            throw new ArgumentException($"TryGetValue needs a member access, got {member}");
        var ctx = (build as NukeBuild)?.Context
            ?? throw new InvalidOperationException("TryGetValue needs a running build");
        return ctx.Parameters.GetValue(info, type);
    }
}
