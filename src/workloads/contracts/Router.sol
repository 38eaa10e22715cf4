// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// What the router needs from a pair.
interface IRouterPair {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112, uint112);
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external;
}

/// What the router needs from a token: pulling the trader's input into the pair.
interface IRouterToken {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title ParevmRouter — the stateless entry point traders call to swap on a ParevmPair.
/// @notice A trader approves the router once per token; each swap quotes the output from the pair's
/// reserves, moves the input from the trader straight into the pair, and asks the pair to pay out. The router
/// keeps no storage, so swaps on different pools share nothing but its code.
contract ParevmRouter {
    error Expired(uint256 deadline);
    error ZeroInput();
    error EmptyPool();
    error Slippage(uint256 amountOut, uint256 amountOutMin);
    error InputTransferFailed();

    /// Output for `amountIn` after the 0.3% fee, at reserves (reserveIn, reserveOut) on the x*y=k curve.
    function quote(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        if (amountIn == 0) revert ZeroInput();
        if (reserveIn == 0 || reserveOut == 0) revert EmptyPool();
        uint256 inAfterFee = amountIn * 997;
        return (inAfterFee * reserveOut) / (reserveIn * 1000 + inAfterFee);
    }

    /// Sells exactly `amountIn` of the pair's token0 (zeroForOne) or token1 for the other token, sent to `to`.
    function swapExactIn(
        address pair,
        bool zeroForOne,
        uint256 amountIn,
        uint256 amountOutMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountOut) {
        if (block.timestamp > deadline) revert Expired(deadline);
        (uint112 r0, uint112 r1) = IRouterPair(pair).getReserves();
        amountOut = zeroForOne ? quote(amountIn, r0, r1) : quote(amountIn, r1, r0);
        if (amountOut < amountOutMin) revert Slippage(amountOut, amountOutMin);
        address tokenIn = zeroForOne ? IRouterPair(pair).token0() : IRouterPair(pair).token1();
        if (!IRouterToken(tokenIn).transferFrom(msg.sender, pair, amountIn)) revert InputTransferFailed();
        if (zeroForOne) IRouterPair(pair).swap(0, amountOut, to);
        else IRouterPair(pair).swap(amountOut, 0, to);
    }
}
