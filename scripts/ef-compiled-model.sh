#!/usr/bin/env bash
# Regenerates the EF Core compiled models of the OAuth database (MiroMcp.Server/Auth/CompiledModels/{Sqlite,Postgres}),
# which spare the server building the model from conventions at every start (docs/decisions/008-cold-start.md).
# Run it after changing OAuthDbContext or upgrading OpenIddict or EF Core; OAuthCompiledModelTests fails until then.
# The design-time package lives in a throw-away startup project, so it never reaches the server's build or image.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
ef_version="$(sed -n 's/.*"Microsoft.EntityFrameworkCore.Sqlite" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/EfDesign.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="$ef_version" />
    <ProjectReference Include="$root/MiroMcp.Server/MiroMcp.Server.csproj" />
  </ItemGroup>
</Project>
PROJECT
echo 'System.Console.WriteLine("design-time host for dotnet ef");' > "$work/Program.cs"
dotnet tool restore >/dev/null
# Build once with the current models, then generate both with --no-build into a folder outside the project, and swap:
# generating in place would leave stale files or make the second build see two models.
dotnet build "$work/EfDesign.csproj" -c Debug --nologo -v:quiet
for provider in Sqlite Postgres; do
  dotnet ef dbcontext optimize --no-build --project MiroMcp.Server --startup-project "$work" --context OAuthDbContext \
    --output-dir "$work/out/$provider" --namespace "MiroMcp.Server.Auth.CompiledModels.$provider" \
    -- "${provider,,}"
done
# One context, two models: the server names its model per provider (UseModel); an assembly attribute would make EF
# pick one of them for both.
rm -f "$work"/out/*/OAuthDbContextAssemblyAttributes.cs
rm -rf MiroMcp.Server/Auth/CompiledModels
mkdir -p MiroMcp.Server/Auth/CompiledModels
mv "$work/out/Sqlite" "$work/out/Postgres" MiroMcp.Server/Auth/CompiledModels/
echo "Compiled models written under MiroMcp.Server/Auth/CompiledModels."
