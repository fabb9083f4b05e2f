using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Build.Tests.Architecture;

/// <summary>
/// What each type of a compiled assembly refers to, read from its metadata and IL (not from source text): base
/// types, interfaces, field, method and local signatures, and every type, method and field token in method bodies
/// (members of other assemblies also as Type::Member).
/// Compiler-generated types (lambdas, iterators, async state machines) count as the type they are nested in.
/// </summary>
public static class AssemblyReferences
{
    /// <returns>For each top-level type's full name: its namespace and the full names of the types it refers to.</returns>
    public static IReadOnlyDictionary<string, (string Namespace, IReadOnlySet<string> References)> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new Dictionary<string, (string, IReadOnlySet<string>)>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var outer = handle;
            while (md.GetTypeDefinition(outer).GetDeclaringType() is { IsNil: false } declaring)
            {
                outer = declaring;
            }

            var name = FullName(md, outer);
            if (!result.TryGetValue(name, out var entry))
            {
                entry = (md.GetString(md.GetTypeDefinition(outer).Namespace), new HashSet<string>(StringComparer.Ordinal));
                result[name] = entry;
            }

            Collect(md, pe, md.GetTypeDefinition(handle), (HashSet<string>)entry.Item2);
        }

        return result;
    }

    private static void Collect(MetadataReader md, PEReader pe, TypeDefinition type, HashSet<string> found)
    {
        var provider = new NameCollector(found);
        AddEntity(md, type.BaseType, provider);
        foreach (var i in type.GetInterfaceImplementations())
        {
            AddEntity(md, md.GetInterfaceImplementation(i).Interface, provider);
        }

        foreach (var f in type.GetFields())
        {
            md.GetFieldDefinition(f).DecodeSignature(provider, null);
        }

        foreach (var m in type.GetMethods())
        {
            var method = md.GetMethodDefinition(m);
            method.DecodeSignature(provider, null);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
            }

            foreach (var token in Tokens(body.GetILBytes()!))
            {
                AddEntity(md, MetadataTokens.EntityHandle(token), provider);
            }
        }
    }

    private static void AddEntity(MetadataReader md, EntityHandle handle, NameCollector provider)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                provider.GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0);
                break;
            case HandleKind.TypeReference:
                provider.GetTypeFromReference(md, (TypeReferenceHandle)handle, 0);
                break;
            case HandleKind.TypeSpecification:
                md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
                break;
            case HandleKind.MethodDefinition:
                var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                provider.GetTypeFromDefinition(md, method.GetDeclaringType(), 0);
                method.DecodeSignature(provider, null);
                break;
            case HandleKind.FieldDefinition:
                provider.GetTypeFromDefinition(md, md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType(), 0);
                break;
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                var parent = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => provider.GetTypeFromReference(md, (TypeReferenceHandle)member.Parent, 0),
                    HandleKind.TypeDefinition => provider.GetTypeFromDefinition(md, (TypeDefinitionHandle)member.Parent, 0),
                    HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(provider, null),
                    _ => null,
                };
                if (parent is not null)
                {
                    // The member too, as Type::Member, for checks finer than a whole type.
                    provider.Found.Add($"{parent}::{md.GetString(member.Name)}");
                }

                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }

                break;
            case HandleKind.MethodSpecification:
                var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddEntity(md, spec.Method, provider);
                spec.DecodeSignature(provider, null);
                break;
        }
    }

    /// <summary>The metadata tokens in an IL stream (operands of call, newobj, ldfld, ldtoken, castclass, ...).</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        for (var i = 0; i < il.Length;)
        {
            int code = il[i++];
            if (code == 0xFE)
            {
                code = 0xFE00 | il[i++];
            }

            var size = OperandSize(code, il, i);
            if (HasToken(code))
            {
                yield return BitConverter.ToInt32(il, i);
            }

            i += size;
        }

    }

    private static bool HasToken(int code) => code is
        0x27 or 0x28 or 0x29 or 0x6F or 0x70 or 0x71 or 0x73 or 0x74 or 0x75 or 0x79 or 0x7B or 0x7C or 0x7D or 0x7E or 0x7F or 0x80
        or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 or 0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C;

    /// <summary>Operand bytes after the opcode (ECMA-335 III).</summary>
    private static int OperandSize(int code, byte[] il, int at) => code switch
    {
        0x45 => 4 + (4 * BitConverter.ToInt32(il, at)), // switch
        0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x1F or 0x2B or 0x2C or 0x2D or 0x2E or 0x2F or 0x30 or 0x31 or 0x32
            or 0x33 or 0x34 or 0x35 or 0x36 or 0x37 or 0xDE or 0xFE12 or 0xFE19 => 1,
        0xFE09 or 0xFE0A or 0xFE0B or 0xFE0C or 0xFE0D or 0xFE0E => 2,
        0x20 or 0x22 or 0x38 or 0x39 or 0x3A or 0x3B or 0x3C or 0x3D or 0x3E or 0x3F or 0x40 or 0x41 or 0x42 or 0x43 or 0x44 or 0xDD => 4,
        0x21 or 0x23 => 8,
        _ when HasToken(code) || code == 0x72 => 4, // tokens; ldstr
        _ => 0,
    };

    private static string FullName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var ns = md.GetString(type.Namespace);
        return (ns.Length == 0 ? string.Empty : ns + ".") + md.GetString(type.Name);
    }

    /// <summary>Decodes signatures, recording every named type it meets (generic arguments, arrays and pointers included).</summary>
    private sealed class NameCollector(HashSet<string> found) : ISignatureTypeProvider<string, object?>
    {
        public HashSet<string> Found => found;

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var outer = handle;
            while (reader.GetTypeDefinition(outer).GetDeclaringType() is { IsNil: false } declaring)
            {
                outer = declaring;
            }

            var name = FullName(reader, outer);
            found.Add(name);
            return name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                // A nested type counts as its outermost type.
                return GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind);
            }

            var ns = reader.GetString(type.Namespace);
            var name = (ns.Length == 0 ? string.Empty : ns + ".") + reader.GetString(type.Name);
            found.Add(name);
            return name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

        public string GetArrayType(string elementType, ArrayShape shape) => elementType;

        public string GetSZArrayType(string elementType) => elementType;

        public string GetByReferenceType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
