using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release.Support;

/// <summary>
/// GitHub Actions' expression language, the part .github/workflows/images.yml uses, evaluated as GitHub documents it:
/// literals, context paths (<c>a.b</c>, <c>a['b']</c>), <c>! == != &amp;&amp; || ( )</c> (<c>&amp;&amp;</c>/<c>||</c>
/// return an operand, not a boolean; string equality ignores case; a missing property is null), and the functions
/// startsWith, endsWith, contains, format, join, toJSON, fromJSON, success, failure, always, cancelled.
/// <c>${{ }}</c> in a value: a value that is one expression takes the expression's value (an array stays an array),
/// otherwise each is replaced by its text. Anything else throws, so the workflow cannot use what the tests do not know.
/// </summary>
public sealed class WorkflowExpression
{
    private readonly List<string> tokens;
    private readonly JObject contexts;
    private readonly Func<string, bool> status;
    private int at;

    private WorkflowExpression(string text, JObject contexts, Func<string, bool> status)
    {
        tokens = Tokenize(text);
        this.contexts = contexts;
        this.status = status;
    }

    /// <param name="status">success(), failure(), always(), cancelled() of the place the expression is in.</param>
    public static JToken Evaluate(string text, JObject contexts, Func<string, bool> status)
    {
        var expression = new WorkflowExpression(text, contexts, status);
        var value = expression.Or();
        if (expression.at != expression.tokens.Count)
        {
            throw new InvalidOperationException($"unexpected '{expression.tokens[expression.at]}' in expression: {text}");
        }

        return value;
    }

    /// <summary>A workflow value with <c>${{ }}</c> in it.</summary>
    public static JToken Interpolate(string value, JObject contexts, Func<string, bool>? status = null)
    {
        status ??= f => f is "success" or "always";
        var trimmed = value.Trim();
        if (trimmed.StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) && trimmed.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
        {
            return Evaluate(trimmed[3..^2], contexts, status);
        }

        var text = new StringBuilder();
        var rest = value;
        while (rest.IndexOf("${{", StringComparison.Ordinal) is var open and >= 0)
        {
            var close = rest.IndexOf("}}", open, StringComparison.Ordinal);
            text.Append(rest[..open]).Append(ToText(Evaluate(rest[(open + 3)..close], contexts, status)));
            rest = rest[(close + 2)..];
        }

        return new JValue(text.Append(rest).ToString());
    }

    /// <summary>An <c>if:</c> (with or without <c>${{ }}</c>) as GitHub decides it.</summary>
    public static bool Condition(string? condition, JObject contexts, Func<string, bool> status)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return status("success");
        }

        var text = condition.Trim();
        if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal))
        {
            text = text[3..^2];
        }

        // A condition that names no status function is implicitly success() && (condition).
        var explicitStatus = new[] { "success(", "failure(", "always(", "cancelled(" }.Any(f => text.Contains(f, StringComparison.Ordinal));
        var value = Truthy(Evaluate(text, contexts, status));
        return explicitStatus ? value : status("success") && value;
    }

    public static bool Truthy(JToken value) => value.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => false,
        JTokenType.Boolean => (bool)value,
        JTokenType.Integer or JTokenType.Float => Number(value) is var n && n != 0 && !double.IsNaN(n),
        JTokenType.String => ((string)value!).Length > 0,
        _ => true,
    };

    public static string ToText(JToken value) => value.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => "",
        JTokenType.Boolean => (bool)value ? "true" : "false",
        JTokenType.Integer or JTokenType.Float => Number(value).ToString(CultureInfo.InvariantCulture),
        JTokenType.String => (string)value!,
        JTokenType.Array => "Array",
        _ => "Object",
    };

    private JToken Or()
    {
        var left = And();
        while (Take("||"))
        {
            var right = And();
            left = Truthy(left) ? left : right;
        }

        return left;
    }

    private JToken And()
    {
        var left = Equality();
        while (Take("&&"))
        {
            var right = Equality();
            left = Truthy(left) ? right : left;
        }

        return left;
    }

    private JToken Equality()
    {
        var left = Unary();
        while (Peek() is "==" or "!=")
        {
            var equal = tokens[at++] == "==";
            var right = Unary();
            left = new JValue(Equal(left, right) == equal);
        }

        return left;
    }

    private JToken Unary() => Take("!") ? new JValue(!Truthy(Unary())) : Postfix();

    private JToken Postfix()
    {
        var value = Primary();
        while (true)
        {
            if (Take("."))
            {
                value = Property(value, Next());
            }
            else if (Take("["))
            {
                var key = Or();
                Expect("]");
                value = key.Type is JTokenType.Integer && value is JArray array ? ((int)key < array.Count ? array[(int)key] : JValue.CreateNull()) : Property(value, ToText(key));
            }
            else
            {
                return value;
            }
        }
    }

    private JToken Primary()
    {
        var token = Next();
        if (token == "(")
        {
            var inner = Or();
            Expect(")");
            return inner;
        }

        if (token.StartsWith('\''))
        {
            return new JValue(token[1..^1].Replace("''", "'", StringComparison.Ordinal));
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new JValue(number);
        }

        switch (token)
        {
            case "true": return new JValue(true);
            case "false": return new JValue(false);
            case "null": return JValue.CreateNull();
        }

        if (Take("("))
        {
            var args = new List<JToken>();
            while (!Take(")"))
            {
                args.Add(Or());
                _ = Take(",");
            }

            return Call(token, args);
        }

        return contexts.TryGetValue(token, out var context) ? context : throw new InvalidOperationException($"unknown context '{token}'");
    }

    private JToken Call(string name, IReadOnlyList<JToken> args)
    {
        string Text(int i) => ToText(args[i]);
        return name.ToLowerInvariant() switch
        {
            "startswith" => new JValue(Text(0).StartsWith(Text(1), StringComparison.OrdinalIgnoreCase)),
            "endswith" => new JValue(Text(0).EndsWith(Text(1), StringComparison.OrdinalIgnoreCase)),
            "contains" => new JValue(args[0] is JArray items ? items.Any(i => Equal(i, args[1])) : Text(0).Contains(Text(1), StringComparison.OrdinalIgnoreCase)),
            "format" => new JValue(string.Format(CultureInfo.InvariantCulture, Text(0), args.Skip(1).Select(ToText).ToArray<object>())),
            "join" => new JValue(args[0] is JArray parts ? string.Join(args.Count > 1 ? Text(1) : ",", parts.Select(ToText)) : Text(0)),
            "tojson" => new JValue(args[0].ToString(Formatting.Indented)),
            "fromjson" => JToken.Parse(Text(0)),
            "success" or "failure" or "always" or "cancelled" => new JValue(status(name.ToLowerInvariant())),
            _ => throw new InvalidOperationException($"unknown function '{name}'"),
        };
    }

    private static JToken Property(JToken value, string name) =>
        value is JObject obj && obj.Properties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } property
            ? property.Value
            : JValue.CreateNull();

    private static bool Equal(JToken left, JToken right)
    {
        if (left.Type == JTokenType.String && right.Type == JTokenType.String)
        {
            return string.Equals((string?)left, (string?)right, StringComparison.OrdinalIgnoreCase);
        }

        if (left.Type == JTokenType.Null && right.Type == JTokenType.Null)
        {
            return true;
        }

        if (left is JContainer || right is JContainer)
        {
            return ReferenceEquals(left, right);
        }

        // Different types compare as numbers (null 0, booleans 1/0, strings parsed, NaN equal to nothing).
        return Number(left) == Number(right);
    }

    private static double Number(JToken value) => value.Type switch
    {
        JTokenType.Null => 0,
        JTokenType.Boolean => (bool)value ? 1 : 0,
        JTokenType.Integer or JTokenType.Float => (double)value,
        JTokenType.String => ((string)value!).Trim() is var s && s.Length == 0 ? 0
            : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN,
        _ => double.NaN,
    };

    private string? Peek() => at < tokens.Count ? tokens[at] : null;

    private bool Take(string token)
    {
        if (Peek() != token)
        {
            return false;
        }

        at++;
        return true;
    }

    private string Next() => at < tokens.Count ? tokens[at++] : throw new InvalidOperationException("expression ends early");

    private void Expect(string token)
    {
        if (!Take(token))
        {
            throw new InvalidOperationException($"expected '{token}'");
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < text.Length && !(text[end] == '\'' && (end + 1 >= text.Length || text[end + 1] != '\'')))
                {
                    end += text[end] == '\'' ? 2 : 1;
                }

                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "&&" or "||" or "<=" or ">=")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if ("()[].,!<>".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '-')
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-' || (text[end] == '.' && char.IsDigit(c))))
                {
                    end++;
                }

                tokens.Add(text[i..end]);
                i = end;
            }
            else
            {
                throw new InvalidOperationException($"unexpected character '{c}' in expression: {text}");
            }
        }

        return tokens;
    }
}
