// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The two calls the pair makes on its tokens.
interface IPairToken {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
}

/// @title ParevmPair — a minimal constant-product pool of two ERC-20 tokens.
/// @notice Pay-first design: the input tokens are moved to the pair before `swap` is called (the router does
/// that), then `swap` sends out the requested amounts and checks, from the balances it now holds, that the
/// product of the reserves did not fall once the 0.3% input fee is set aside. There are no liquidity shares,
/// flash callbacks or price oracle: the benchmark seeds each pool's reserves in the pre-state. The token
/// addresses are storage variables rather than immutables so that the runtime code can be placed in a
/// pre-state without running a constructor.
contract ParevmPair {
    address public token0;
    address public token1;
    /// Both reserves share one slot, as the balances they mirror fit in 112 bits.
    uint112 private reserve0;
    uint112 private reserve1;
    /// Re-entrancy guard: 1 when free, 2 inside `swap`.
    uint256 private guard = 1;

    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint112 reserve0, uint112 reserve1);

    error Reentered();
    error NoOutputRequested();
    error NotEnoughLiquidity(uint256 reserve0, uint256 reserve1);
    error RecipientIsToken(address to);
    error NothingPaidIn();
    error ProductDecreased(uint256 before, uint256 afterFee);
    error BalanceOverflow();
    error TokenTransferFailed(address token);

    modifier guarded() {
        if (guard != 1) revert Reentered();
        guard = 2;
        _;
        guard = 1;
    }

    constructor(address tokenA, address tokenB) {
        token0 = tokenA;
        token1 = tokenB;
    }

    function getReserves() external view returns (uint112, uint112) {
        return (reserve0, reserve1);
    }

    /// Sends `amount0Out` of token0 and `amount1Out` of token1 to `to`; what was paid in beforehand must
    /// keep (balance0 - 0.3% of amount0In) * (balance1 - 0.3% of amount1In) >= reserve0 * reserve1.
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external guarded {
        if (amount0Out == 0 && amount1Out == 0) revert NoOutputRequested();
        uint256 r0 = reserve0;
        uint256 r1 = reserve1;
        if (amount0Out >= r0 || amount1Out >= r1) revert NotEnoughLiquidity(r0, r1);
        uint256 balance0;
        uint256 balance1;
        {
            // Scoped so the token addresses leave the stack before the fee arithmetic.
            address t0 = token0;
            address t1 = token1;
            if (to == t0 || to == t1) revert RecipientIsToken(to);
            if (amount0Out > 0) _send(t0, to, amount0Out);
            if (amount1Out > 0) _send(t1, to, amount1Out);
            balance0 = IPairToken(t0).balanceOf(address(this));
            balance1 = IPairToken(t1).balanceOf(address(this));
        }
        uint256 amount0In = _paidIn(balance0, amount0Out, r0);
        uint256 amount1In = _paidIn(balance1, amount1Out, r1);
        if (amount0In == 0 && amount1In == 0) revert NothingPaidIn();
        // Scaled by 1000 so the 0.3% fee stays in integers: 1000 * balance - 3 * amountIn.
        _checkProduct(r0 * r1 * 1_000_000, (balance0 * 1000 - amount0In * 3) * (balance1 * 1000 - amount1In * 3));
        _sync(balance0, balance1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// Whatever the pair holds beyond (reserve - amount sent out) was paid in for this swap.
    function _paidIn(uint256 balance, uint256 amountOut, uint256 reserve) private pure returns (uint256) {
        return balance + amountOut > reserve ? balance + amountOut - reserve : 0;
    }

    function _checkProduct(uint256 before, uint256 afterFee) private pure {
        if (afterFee < before) revert ProductDecreased(before, afterFee);
    }

    function _sync(uint256 balance0, uint256 balance1) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert BalanceOverflow();
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        emit Sync(uint112(balance0), uint112(balance1));
    }

    function _send(address token, address to, uint256 value) private {
        if (!IPairToken(token).transfer(to, value)) revert TokenTransferFailed(token);
    }
}
